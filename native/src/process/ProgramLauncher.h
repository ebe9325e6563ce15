// ProgramLauncher: checks that a program can be run (exists, executable,
// ELF for this machine) and starts it under ptrace, stopped after execve,
// with its stdout on a pseudo-terminal and its stderr on a pipe — or, when
// the client runs it in a terminal of its own, takes over the launcher
// waiting there (TerminalLauncher) and lets it exec the program.
#pragma once

#include <sys/types.h>

#include "process/LaunchRequest.h"

namespace rwd {

struct LaunchedProgram {
  pid_t pid = -1;
  int stdoutFd = -1;  // read ends, non-blocking
  int stderrFd = -1;
};

class ProgramLauncher {
 public:
  // Throws DebugError NoSuchFile / NotExecutable / NotElf / LaunchFailed.
  static void checkProgram(const std::string& program);
  static LaunchedProgram launch(const LaunchRequest& request);

 private:
  static LaunchedProgram takeOverLauncher(pid_t launcherPid);
  // Waits for the new child's stop after PTRACE_TRACEME and sets
  // PTRACE_O_EXITKILL before it clears its death signal and execs.
  // With `seccompStops` (native recording) the child's seccomp stops come to us.
  static void holdWithExitKill(pid_t pid, bool seccompStops);
  // The child's first stop or end after its seccomp stops; -1 when it vanished.
  static int passSeccompStopsUntilExec(pid_t pid);
};

}  // namespace rwd
