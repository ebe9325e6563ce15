// SyscallBufferDrain: reads the buffer's records into the event log.
#include "replay/SyscallBufferDrain.h"

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

#include "record/RemoteMemory.h"
#include "record/SyscallCall.h"
#include "replay/OutputDigest.h"
#include "replay/Ptrace.h"
#include "replay/ProcMemFile.h"
#include "replay/SyscallBufferLayout.h"
#include "replay/SyscallPolicy.h"

namespace rwd {

namespace {

constexpr uint64_t kModeAddress = RWD_SYSCALLBUF_CONTROL_PAGE + offsetof(rwd_syscallbuf_control, mode);
constexpr uint64_t kPositionAddress = RWD_SYSCALLBUF_CONTROL_PAGE + offsetof(rwd_syscallbuf_control, position);

[[noreturn]] void broken(const std::string& what) {
  throw std::runtime_error("the program wrote over its system-call buffer (" + what +
                           "); the recording cannot go on past it");
}

}  // namespace

bool SyscallBufferDrain::switchOff(pid_t pid) {
  const uint32_t off = RWD_SYSCALLBUF_OFF;
  return ProcMemFile(pid).write(kModeAddress, &off, sizeof off);
}

bool SyscallBufferDrain::switchOffForGood(pid_t pid) {
  off_ = switchOff(pid);
  return off_;
}

bool SyscallBufferDrain::isOwnCall(uint64_t number) {
  return number == RWD_SYSCALLBUF_REGISTER || number == RWD_SYSCALLBUF_FLUSH;
}

std::string SyscallBufferDrain::drain(pid_t pid) {
  try {
    logBufferedCalls(pid);
    return "";
  } catch (const std::runtime_error& problem) { return problem.what(); }
}

void SyscallBufferDrain::logBufferedCalls(pid_t pid) {
  if (!recording_.syscallBuffer.registered || off_) return;
  const RemoteMemory memory(pid, nullptr);
  uint64_t position = 0;
  if (!memory.read(kPositionAddress, &position, sizeof position)) broken("its control page is gone");
  if (position == drained_) return;
  if (position < drained_ || position > RWD_SYSCALLBUF_DATA_SIZE) broken("its fill position");
  std::vector<uint8_t> bytes(position - drained_);
  if (!memory.read(RWD_SYSCALLBUF_DATA + drained_, bytes.data(), bytes.size())) broken("its data area is gone");
  for (size_t at = 0; at < bytes.size();) {
    rwd_syscallbuf_record record;
    if (bytes.size() - at < sizeof record) broken("a record cut short");
    std::memcpy(&record, bytes.data() + at, sizeof record);
    const uint64_t payload = record.in_length + record.out_length;
    if (record.size % 8 != 0 || record.size < sizeof record || record.size > bytes.size() - at ||
        payload > record.size - sizeof record)
      broken("a record's size");
    const uint8_t* in = bytes.data() + at + sizeof record;
    NativeEvent event;
    event.kind = NativeEvent::Kind::Syscall;
    event.buffered = true;
    // Replay, with the buffer off, makes this call at the traced instruction.
    event.rip = RWD_SYSCALLBUF_TRACED_IP;
    event.number = record.number;
    std::memcpy(event.args, record.args, sizeof event.args);
    event.result = record.result;
    event.origRaxAtExit = record.number;
    if (SyscallPolicy::writesOut(record.number))
      event.inputDigest = OutputDigest::ofOneBuffer(record.number, in, record.in_length);
    if (record.out_length > 0)
      event.memory.push_back(
          MemoryPatch{record.out_address, std::vector<uint8_t>(in + record.in_length, in + payload)});
    recording_.events.push_back(std::move(event));
    ++recording_.syscallBuffer.bufferedCalls;
    at += record.size;
  }
  drained_ = position;
}

bool SyscallBufferDrain::ownCall(pid_t pid, const user_regs_struct& regs) {
  const uint64_t number = regs.orig_rax;
  if (!isOwnCall(number)) return false;
  if (number == RWD_SYSCALLBUF_REGISTER) {
    const bool fits = regs.rdi == RWD_SYSCALLBUF_CONTROL_PAGE && regs.rsi == RWD_SYSCALLBUF_DATA_SIZE &&
                      regs.rdx == RWD_SYSCALLBUF_VERSION && regs.rip == RWD_SYSCALLBUF_TRACED_IP &&
                      !recording_.syscallBuffer.registered;
    const uint32_t on = RWD_SYSCALLBUF_ON;
    const bool turnedOn =
        fits && RemoteMemory(pid, nullptr)
                        .writeAll({WritePiece{kModeAddress, reinterpret_cast<const uint8_t*>(&on), sizeof on}}) == 0;
    if (turnedOn) {
      recording_.syscallBuffer.registered = true;
      recording_.syscallBuffer.registrationEvent = recording_.events.size();
      drained_ = 0;
    }
    // Another library version, or a second registration: it stays off and every call traps.
    logOwnCall(pid, regs, turnedOn ? 0 : -EINVAL, {});
    return true;
  }
  if (!recording_.syscallBuffer.registered) {
    logOwnCall(pid, regs, -EINVAL, {});
    return true;
  }
  // A flush: everything was drained; empty the buffer, the same way in the log.
  const uint64_t empty = 0;
  if (RemoteMemory(pid, nullptr)
          .writeAll({WritePiece{kPositionAddress, reinterpret_cast<const uint8_t*>(&empty), sizeof empty}}) != 0)
    broken("its control page is not writable");
  drained_ = 0;
  logOwnCall(pid, regs, 0, {MemoryPatch{kPositionAddress, std::vector<uint8_t>(sizeof empty, 0)}});
  return true;
}

void SyscallBufferDrain::logOwnCall(pid_t pid, const user_regs_struct& regs, int64_t result,
                                    std::vector<MemoryPatch> memory) {
  // Skipped like a vetoed call: the kernel never sees the made-up number.
  user_regs_struct skipped = regs;
  skipped.orig_rax = ~0ull;
  skipped.rax = static_cast<uint64_t>(result);
  Ptrace::setRegisters(pid, skipped);
  NativeEvent event;
  event.kind = NativeEvent::Kind::Syscall;
  event.rip = regs.rip;
  const SyscallCall call = SyscallCall::atEntryStop(regs);
  event.number = call.number;
  std::memcpy(event.args, call.args, sizeof event.args);
  event.result = result;
  event.origRaxAtExit = ~0ull;
  event.memory = std::move(memory);
  recording_.events.push_back(std::move(event));
}

}  // namespace rwd
