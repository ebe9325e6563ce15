// Arm64DebugRegisterWriter: the ptrace side of the arm64 debug registers.
// NOT VERIFIED on arm64 hardware (see the header).
#if defined(__aarch64__)

#include "hwbreak/Arm64DebugRegisterWriter.h"

#include <asm/ptrace.h>  // struct user_hwdebug_state
#include <elf.h>         // NT_ARM_HW_BREAK, NT_ARM_HW_WATCH
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

#include <cerrno>
#include <cstddef>
#include <cstring>
#include <limits>
#include <string>
#include <system_error>

namespace rwd {

namespace {

const char* regsetName(unsigned noteType) {
  return noteType == NT_ARM_HW_BREAK ? "hardware breakpoint" : "hardware watchpoint";
}

constexpr size_t kMaxRegisters = sizeof(user_hwdebug_state::dbg_regs) / sizeof(user_hwdebug_state::dbg_regs[0]);

}  // namespace

int Arm64DebugRegisterWriter::registerCount(pid_t tid, unsigned noteType) {
  std::optional<int>& cached = noteType == NT_ARM_HW_BREAK ? breakpointRegisters_ : watchpointRegisters_;
  if (cached) return *cached;
  user_hwdebug_state state;
  std::memset(&state, 0, sizeof state);
  iovec io{&state, sizeof state};
  if (ptrace(PTRACE_GETREGSET, tid, reinterpret_cast<void*>(uintptr_t{noteType}), &io) == -1) {
    throw std::system_error(
        errno, std::generic_category(),
        std::string("cannot read the ") + regsetName(noteType) + " registers of thread " + std::to_string(tid));
  }
  const size_t count = std::min<size_t>(state.dbg_info & 0xff, kMaxRegisters);
  cached = static_cast<int>(count);
  return *cached;
}

Arm64DebugRegisterWriter::RegisterBank Arm64DebugRegisterWriter::buildBank(const DebugRegisterMirror& mirror,
                                                                           bool breakpoints, int registers) const {
  RegisterBank bank;
  bank.values.assign(registers, Arm64DebugRegisterValue{});
  bank.mirrorSlot.assign(registers, -1);
  int next = 0;
  for (int i = 0; i < DebugRegisterMirror::kSlotCount; ++i) {
    const DebugRegisterSlot& slot = mirror.slot(i);
    if (!slot.inUse() || Arm64DebugRegisterEncoding::usesBreakpointRegister(slot.kind) != breakpoints) { continue; }
    if (next == registers) {
      throw std::system_error(ENOSPC, std::generic_category(),
                              std::string("this processor has only ") + std::to_string(registers) + " " +
                                  (breakpoints ? "hardware breakpoint" : "hardware watchpoint") + " registers; " +
                                  mirror.describeSlot(i) + " does not fit");
    }
    bank.values[next] = Arm64DebugRegisterEncoding::encode(slot);
    bank.mirrorSlot[next] = i;
    ++next;
  }
  return bank;
}

void Arm64DebugRegisterWriter::writeBank(pid_t tid, unsigned noteType, const RegisterBank& bank) {
  user_hwdebug_state state;
  std::memset(&state, 0, sizeof state);
  for (size_t i = 0; i < bank.values.size(); ++i) {
    state.dbg_regs[i].addr = bank.values[i].address;
    state.dbg_regs[i].ctrl = bank.values[i].control;
  }
  // Write exactly the registers the processor has: the kernel walks the
  // buffer register by register and refuses an index past its count.
  iovec io{&state, offsetof(user_hwdebug_state, dbg_regs) + bank.values.size() * sizeof(state.dbg_regs[0])};
  if (ptrace(PTRACE_SETREGSET, tid, reinterpret_cast<void*>(uintptr_t{noteType}), &io) == -1) {
    throw std::system_error(
        errno, std::generic_category(),
        std::string("cannot set the ") + regsetName(noteType) + " registers of thread " + std::to_string(tid));
  }
}

void Arm64DebugRegisterWriter::apply(pid_t tid, const DebugRegisterMirror& mirror) {
  // Build both banks before writing either, so an impossible mirror
  // changes nothing.
  RegisterBank breakpoints = buildBank(mirror, true, registerCount(tid, NT_ARM_HW_BREAK));
  RegisterBank watchpoints = buildBank(mirror, false, registerCount(tid, NT_ARM_HW_WATCH));
  ThreadState& state = threads_[tid];
  if (!state.breakpoints || state.breakpoints->values != breakpoints.values) {
    state.breakpoints.reset();  // unknown until the write succeeds
    writeBank(tid, NT_ARM_HW_BREAK, breakpoints);
    state.breakpoints = std::move(breakpoints);
  }
  if (!state.watchpoints || state.watchpoints->values != watchpoints.values) {
    state.watchpoints.reset();
    writeBank(tid, NT_ARM_HW_WATCH, watchpoints);
    state.watchpoints = std::move(watchpoints);
  }
  state.applied = mirror;
}

void Arm64DebugRegisterWriter::noteNewThread(pid_t tid) {
  // A new thread starts with every register disabled (the kernel clears
  // thread.debug on clone). Without the register counts yet, stay
  // conservative and write both banks on the first apply.
  threads_.erase(tid);
  if (!breakpointRegisters_ || !watchpointRegisters_) return;
  ThreadState& state = threads_[tid];
  state.breakpoints = buildBank(DebugRegisterMirror{}, true, *breakpointRegisters_);
  state.watchpoints = buildBank(DebugRegisterMirror{}, false, *watchpointRegisters_);
}

uint64_t Arm64DebugRegisterWriter::readStatus(pid_t tid) {
  siginfo_t info;
  std::memset(&info, 0, sizeof info);
  if (ptrace(PTRACE_GETSIGINFO, tid, nullptr, &info) == -1) {
    throw std::system_error(errno, std::generic_category(),
                            "cannot read the stop signal of thread " + std::to_string(tid));
  }
  if (info.si_signo != SIGTRAP || info.si_code != TRAP_HWBKPT) return 0;
  auto found = threads_.find(tid);
  if (found == threads_.end()) return 0;
  const DebugRegisterMirror& mirror = found->second.applied;
  const uint64_t address = reinterpret_cast<uintptr_t>(info.si_addr);

  // Execution: the exact instruction address. Data: the slot holding the
  // address, else the nearest data slot (a wide store may report an
  // address below the watched bytes, as the kernel's own matching allows).
  int nearest = -1;
  uint64_t nearestDistance = std::numeric_limits<uint64_t>::max();
  for (int i = 0; i < DebugRegisterMirror::kSlotCount; ++i) {
    const DebugRegisterSlot& slot = mirror.slot(i);
    if (!slot.inUse()) continue;
    if (slot.kind == WatchKind::execute) {
      if (slot.address == address) return uint64_t{1} << i;
      continue;
    }
    const uint64_t end = slot.address + slot.length;
    const uint64_t distance = address < slot.address ? slot.address - address : address >= end ? address - end + 1 : 0;
    if (distance < nearestDistance) {
      nearest = i;
      nearestDistance = distance;
    }
  }
  return nearest >= 0 ? uint64_t{1} << nearest : 0;
}

}  // namespace rwd

#endif  // __aarch64__
