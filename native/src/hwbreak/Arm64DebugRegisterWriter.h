// Arm64DebugRegisterWriter: puts a DebugRegisterMirror into an arm64
// thread through the NT_ARM_HW_BREAK (execution slots) and NT_ARM_HW_WATCH
// (data slots) regsets, with PTRACE_GETREGSET / PTRACE_SETREGSET on a
// struct user_hwdebug_state. Encoding lives in Arm64DebugRegisterEncoding.
// arm64 has no DR6: which slot fired is worked out from the stop's siginfo
// (SIGTRAP, TRAP_HWBKPT, si_addr = the instruction or the data address the
// kernel reports), matched against the slots last written to that thread.
//
// Built only on arm64 (#if defined(__aarch64__)). NOT VERIFIED on arm64
// hardware: written against the kernel's arch/arm64/kernel/ptrace.c and
// hw_breakpoint.c, compiled with an aarch64 cross compiler, never run.
#pragma once

#if defined(__aarch64__)

#include "hwbreak/Arm64DebugRegisterEncoding.h"
#include "hwbreak/DebugRegisterWriter.h"

#include <optional>
#include <unordered_map>
#include <vector>

namespace rwd {

class Arm64DebugRegisterWriter final : public DebugRegisterWriter {
 public:
  void apply(pid_t tid, const DebugRegisterMirror& mirror) override;
  // DR6 form built from the stop's siginfo: bit i for the mirror slot the
  // reported address belongs to; 0 when the stop is not a hardware
  // breakpoint or watchpoint trap.
  uint64_t readStatus(pid_t tid) override;
  // Nothing to clear: the siginfo belongs to one stop.
  void clearStatus(pid_t tid) override {}
  void forgetThread(pid_t tid) override { threads_.erase(tid); }
  void noteNewThread(pid_t tid) override;

 private:
  // The registers of one kind as last written to a thread, and which
  // mirror slot went into each register.
  struct RegisterBank {
    std::vector<Arm64DebugRegisterValue> values;
    std::vector<int> mirrorSlot;  // -1 where the register is disabled
  };
  struct ThreadState {
    std::optional<RegisterBank> breakpoints;
    std::optional<RegisterBank> watchpoints;
    DebugRegisterMirror applied;
  };

  // How many registers of this regset the processor has (dbg_info & 0xff),
  // read once per writer.
  int registerCount(pid_t tid, unsigned noteType);
  RegisterBank buildBank(const DebugRegisterMirror& mirror, bool breakpoints, int registers) const;
  void writeBank(pid_t tid, unsigned noteType, const RegisterBank& bank);

  std::optional<int> breakpointRegisters_;
  std::optional<int> watchpointRegisters_;
  std::unordered_map<pid_t, ThreadState> threads_;
};

}  // namespace rwd

#endif  // __aarch64__
