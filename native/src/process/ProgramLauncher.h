// ProgramLauncher: checks that a program can be run (exists, executable,
// ELF for this machine) and starts it under ptrace, stopped after execve,
// with its stdout and stderr on pipes.
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
  // Throws RequestError NoSuchFile / NotExecutable / NotElf / LaunchFailed.
  static void checkProgram(const std::string& program);
  static LaunchedProgram launch(const LaunchRequest& request);
};

}  // namespace rwd
