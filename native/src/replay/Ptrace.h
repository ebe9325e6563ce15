// Ptrace: the small set of ptrace calls the native engine makes, each one
// checked: a process that vanished under the engine is an error (thrown),
// never ignored.
#pragma once

#include <signal.h>
#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <vector>

namespace rwd {

class Ptrace {
 public:
  static user_regs_struct registers(pid_t pid);
  static void setRegisters(pid_t pid, const user_regs_struct& regs);
  static siginfo_t signalInfo(pid_t pid);
  static void setSignalInfo(pid_t pid, const siginfo_t& info);
  // PTRACE_CONT / PTRACE_SYSCALL with `signal` delivered (0: none).
  static void resume(pid_t pid, int signal = 0);
  static void resumeToSyscallExit(pid_t pid, int signal = 0);
  // PTRACE_SINGLESTEP with `signal` delivered: a handler's frame is set up
  // and the tracee stops at the handler's first instruction.
  static void step(pid_t pid, int signal = 0);
  static void setOptions(pid_t pid, long options);
  static uint64_t eventMessage(pid_t pid);
  // SIGKILL and reap a tracee (no error when it is already gone).
  static void killAndReap(pid_t pid);
  // The same for a process with more threads: the others are reaped first
  // (the kernel reports the leader's end only after theirs).
  static void killAndReapThreads(pid_t leader, const std::vector<pid_t>& others);
  // Throws "<what> failed for process <pid>: <errno text>".
  [[noreturn]] static void fail(const char* what, pid_t pid);
};

}  // namespace rwd
