// SyscallCall: one x86-64 system call as the recorder sees it — its number
// and its six arguments (rdi, rsi, rdx, r10, r8, r9).
#pragma once

#include <sys/user.h>

#include <cstdint>

namespace rwd {

struct SyscallCall {
  uint64_t number = 0;
  uint64_t args[6] = {};

  // Stopped at a `syscall` instruction that has not run yet: rax is the number.
  static SyscallCall atSyscallInstruction(const user_regs_struct& regs) {
    return SyscallCall{regs.rax, {regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9}};
  }
  // Stopped at a PTRACE_SYSCALL entry stop: orig_rax is the number.
  static SyscallCall atEntryStop(const user_regs_struct& regs) {
    return SyscallCall{regs.orig_rax, {regs.rdi, regs.rsi, regs.rdx, regs.r10, regs.r8, regs.r9}};
  }
};

}  // namespace rwd
