// SyscallPolicy: the per-call treatment table of the native engine.
#include "replay/SyscallPolicy.h"

#include <asm/prctl.h>
#include <linux/sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <cerrno>

#include "record/SyscallNames.h"

namespace rwd {

bool SyscallPolicy::untraced(uint64_t number) {
  switch (number) {
    case SYS_brk:
    case SYS_munmap:
    case SYS_mprotect:
    case SYS_mremap:
    case SYS_rt_sigaction:
    case SYS_sigaltstack:
    case SYS_set_robust_list:
    case SYS_mlock:
    case SYS_munlock:
    case SYS_pkey_mprotect:
      return true;
    default:
      return false;
  }
}

bool SyscallPolicy::writesOut(uint64_t number) {
  switch (number) {
    case SYS_write:
    case SYS_pwrite64:
    case SYS_writev:
    case SYS_pwritev:
    case SYS_pwritev2:
    case SYS_sendto:
      return true;
    default:
      return false;
  }
}

const std::vector<uint64_t>& SyscallPolicy::bufferedCalls() {
  static const std::vector<uint64_t> calls{SYS_preadv2, SYS_pwritev2, SYS_lseek, SYS_clock_gettime};
  return calls;
}

SyscallPolicy::Decision SyscallPolicy::decide(const SyscallCall& call) {
  Decision decision;
  auto refuse = [&decision](std::string why) {
    decision.treatment = Treatment::Refused;
    decision.refusal = std::move(why);
    return decision;
  };
  auto veto = [&decision](int64_t result) {
    decision.treatment = Treatment::Vetoed;
    decision.vetoResult = result;
    return decision;
  };
  if (untraced(call.number)) {
    decision.treatment = Treatment::Untraced;
    return decision;
  }
  switch (call.number) {
    case SYS_exit:
    case SYS_exit_group:
      decision.treatment = Treatment::Exit;
      return decision;
    case SYS_rt_sigprocmask:
    case SYS_rt_sigreturn:
    case SYS_rt_sigsuspend:
    case SYS_madvise:
      decision.treatment = Treatment::Executed;
      return decision;
    case SYS_arch_prctl:
      // The engine traps cpuid; the program may not switch that off.
      if (call.args[0] == ARCH_SET_CPUID) return veto(-EPERM);
      decision.treatment = Treatment::Executed;
      return decision;
    case SYS_prctl:
      if (call.args[0] == PR_SET_TSC) return veto(-EPERM);
      return decision;
    case SYS_rseq:
      return veto(-ENOSYS);
    case SYS_mmap:
      if (call.args[3] & MAP_ANONYMOUS) {
        decision.treatment = Treatment::Untraced;
        return decision;
      }
      if ((call.args[3] & MAP_SHARED) && (call.args[2] & PROT_WRITE))
        return refuse(
            "the program maps a file shared and writable; native recording cannot see what other "
            "processes write there");
      decision.treatment = Treatment::FileMap;
      return decision;
    case SYS_clone:
      if ((call.args[0] & CLONE_THREAD) && (call.args[0] & CLONE_VM) && !(call.args[0] & CLONE_VFORK)) {
        decision.treatment = Treatment::Thread;
        return decision;
      }
      if (call.args[0] & CLONE_VM)
        return refuse(
            "the program creates a process that shares its memory (clone without CLONE_THREAD); native "
            "recording covers threads of one process only");
      return refuse("the program creates a process (clone); native recording covers one process only");
    case SYS_clone3:
      return veto(-ENOSYS);  // the C library then uses clone, whose flags the policy can read
    case SYS_fork:
    case SYS_vfork:
      return refuse("the program creates a process (" + SyscallNames::describe(call.number) +
                    "); native recording covers one process only");
    case SYS_execve:
    case SYS_execveat:
      return refuse("the program runs another program (execve); native recording covers one program image only");
    case SYS_shmat:
    case SYS_shmdt:
      return refuse(
          "the program attaches System V shared memory; native recording cannot see what other "
          "processes write there");
    case SYS_io_uring_setup:
    case SYS_io_uring_enter:
    case SYS_io_uring_register:
      return refuse("the program uses io_uring, whose kernel writes native recording cannot log");
    case SYS_ptrace:
    case SYS_seccomp:
      return refuse("the program calls " + SyscallNames::describe(call.number) +
                    ", which would interfere with the recorder");
    default:
      return decision;
  }
}

}  // namespace rwd
