// X86DebugRegisterWriter: the ptrace side of the x86-64 debug registers.
#if defined(__x86_64__)

#include "hwbreak/X86DebugRegisterWriter.h"

#include <sys/ptrace.h>
#include <sys/user.h>

#include <cassert>
#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <string>
#include <system_error>

namespace rwd {

namespace {

constexpr int kStatusRegister = 6;
constexpr int kControlRegister = 7;
constexpr uint64_t kEnableBits = 0xff;  // L0/G0 … L3/G3

size_t debugRegisterOffset(int index) { return offsetof(struct user, u_debugreg) + index * sizeof(unsigned long); }

// What failed, and for the usual errors what it means.
std::string describeWrite(pid_t tid, int index, uint64_t value, int error) {
  char text[96];
  std::snprintf(text, sizeof text, "cannot set debug register DR%d of thread %d to 0x%llx", index,
                static_cast<int>(tid), static_cast<unsigned long long>(value));
  std::string message = text;
  if (error == ESRCH) {
    message += " (the thread has exited or is not stopped under ptrace)";
  } else if (error == EINVAL && index < DebugRegisterMirror::kSlotCount) {
    message +=
        " (the kernel accepts only user-space addresses, aligned to "
        "the length the slot watches)";
  } else if (error == ENOSPC) {
    message +=
        " (the kernel has no free hardware breakpoint slot: another "
        "user, such as perf, may hold them)";
  }
  return message;
}

}  // namespace

uint64_t X86DebugRegisterWriter::readRegister(pid_t tid, int index) {
  assert((index >= 0 && index < DebugRegisterMirror::kSlotCount) || index == kStatusRegister ||
         index == kControlRegister);
  errno = 0;
  ++registerReads_;
  long value = ptrace(PTRACE_PEEKUSER, tid, reinterpret_cast<void*>(debugRegisterOffset(index)), nullptr);
  if (value == -1 && errno != 0) {
    throw std::system_error(
        errno, std::generic_category(),
        "cannot read debug register DR" + std::to_string(index) + " of thread " + std::to_string(tid));
  }
  return static_cast<uint64_t>(value);
}

void X86DebugRegisterWriter::writeRegister(pid_t tid, int index, uint64_t value, KnownRegisters& known) {
  ++registerWrites_;
  if (ptrace(PTRACE_POKEUSER, tid, reinterpret_cast<void*>(debugRegisterOffset(index)),
             reinterpret_cast<void*>(value)) == -1) {
    // The kernel leaves the register as it was (a refused DR7 write is
    // rolled back), so what we know stays true.
    const int error = errno;
    throw std::system_error(error, std::generic_category(), describeWrite(tid, index, value, error));
  }
  if (index == kControlRegister) {
    known.dr7 = value;
  } else if (index < DebugRegisterMirror::kSlotCount) {
    known.address[index] = value;
  }
}

void X86DebugRegisterWriter::apply(pid_t tid, const DebugRegisterMirror& mirror) {
  auto entry = known_.find(tid);
  if (entry == known_.end()) {
    // A thread we never wrote and that is not known to be new (e.g. found
    // on attach) may hold someone else's slots. One read tells.
    KnownRegisters found;
    found.dr7 = readRegister(tid, kControlRegister);
    entry = known_.emplace(tid, found).first;
  }
  KnownRegisters& known = entry->second;

  // Slots that need a new address.
  uint64_t moving = 0;
  for (int i = 0; i < DebugRegisterMirror::kSlotCount; ++i) {
    const DebugRegisterSlot& slot = mirror.slot(i);
    if (slot.inUse() && known.address[i] != slot.address) { moving |= DebugRegisterMirror::dr7SlotMask(i); }
  }
  if (known.dr7 & moving & kEnableBits) { writeRegister(tid, kControlRegister, known.dr7 & ~moving, known); }
  for (int i = 0; i < DebugRegisterMirror::kSlotCount; ++i) {
    if (moving & DebugRegisterMirror::dr7SlotMask(i)) { writeRegister(tid, i, mirror.addressRegister(i), known); }
  }
  const uint64_t targetDr7 = mirror.dr7();
  if (known.dr7 != targetDr7) { writeRegister(tid, kControlRegister, targetDr7, known); }
}

uint64_t X86DebugRegisterWriter::readStatus(pid_t tid) { return readRegister(tid, kStatusRegister); }

void X86DebugRegisterWriter::clearStatus(pid_t tid) {
  ++registerWrites_;
  if (ptrace(PTRACE_POKEUSER, tid, reinterpret_cast<void*>(debugRegisterOffset(kStatusRegister)),
             reinterpret_cast<void*>(uint64_t{0})) == -1) {
    throw std::system_error(errno, std::generic_category(), "cannot clear DR6 of thread " + std::to_string(tid));
  }
}

void X86DebugRegisterWriter::forgetThread(pid_t tid) { known_.erase(tid); }

void X86DebugRegisterWriter::noteNewThread(pid_t tid) {
  KnownRegisters fresh;
  fresh.address.fill(uint64_t{0});
  fresh.dr7 = 0;
  known_[tid] = fresh;
}

}  // namespace rwd

#endif  // __x86_64__
