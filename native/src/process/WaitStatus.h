// WaitStatus: small readings of a traced thread's stop that Process's two
// files share — the ptrace event in a wait status, the stop's siginfo, and
// whether a SIGTRAP came from an int3.
#pragma once

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/types.h>

namespace rwd {

inline int eventOf(int status) { return status >> 16; }

inline siginfo_t signalInfo(pid_t tid) {
  siginfo_t info{};
  ::ptrace(PTRACE_GETSIGINFO, tid, nullptr, &info);
  return info;
}

inline bool isBreakpointTrap(const siginfo_t& info) { return info.si_code == SI_KERNEL || info.si_code == TRAP_BRKPT; }

}  // namespace rwd
