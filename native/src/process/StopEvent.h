// StopEvent: one thing that happened to the debuggee, decoded from a wait
// status and siginfo, ready for the run controller to judge.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace rwd {

enum class StopKind {
  Breakpoint,     // int3 at `address` (pc already moved back onto it)
  SingleStep,     // a PTRACE_SINGLESTEP finished
  HardwareTrap,   // a debug register fired (DR6 of the thread says which)
  Signal,         // the program received `signal`
  Interrupted,    // our own SIGSTOP (pause, all-stop)
  ThreadStarted,  // a new thread `tid` appeared (already stopped)
  ThreadExited,   // thread `tid` is gone
  Exec,           // the process called execve
  FollowedFork,   // followFork "child": the process is now the child `tid`; `otherPid` was the parent
  ProcessExited,  // the process is gone: exitCode, or signal when killed
};

struct StopEvent {
  StopKind kind;
  pid_t tid = 0;
  int signal = 0;
  int exitCode = 0;
  uint64_t address = 0;
  int signalCode = 0;         // siginfo si_code
  uint64_t faultAddress = 0;  // siginfo si_addr
  pid_t otherPid = 0;         // FollowedFork: the parent, left behind
};

}  // namespace rwd
