// ProcessAttacher: takes a running process under ptrace — every thread,
// including ones created while attaching — and explains a refusal (no such
// process, another tracer, permissions, Yama ptrace scope).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace rwd {

class ProcessAttacher {
 public:
  // Returns the threads now stopped under ptrace; throws DebugError
  // (NoSuchProcess / AttachRefused) with the reason and what to do.
  static std::vector<pid_t> attach(pid_t pid);
  // The executable of a process (/proc/PID/exe).
  static std::string executableOf(pid_t pid);
};

}  // namespace rwd
