// TraceeStop: waitpid status decoding.
#include "replay/TraceeStop.h"

#include "replay/Ptrace.h"

#include <sys/ptrace.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace rwd {


TraceeStop TraceeStop::waitFor(pid_t pid) {
  int status = 0;
  pid_t waited;
  do {
    waited = ::waitpid(pid, &status, __WALL);
  } while (waited < 0 && errno == EINTR);
  if (waited != pid) Ptrace::fail("waitpid", pid);
  TraceeStop stop;
  if (WIFEXITED(status) || WIFSIGNALED(status)) {
    stop.kind = Kind::Exited;
    stop.exitStatus = status;
    return stop;
  }
  const int sig = WSTOPSIG(status);
  const int event = status >> 16;
  if (sig == (SIGTRAP | 0x80)) {
    stop.kind = Kind::SyscallExit;
  } else if (sig == SIGTRAP && event == PTRACE_EVENT_SECCOMP) {
    stop.kind = Kind::SeccompEntry;
  } else if (sig == SIGTRAP && event == PTRACE_EVENT_EXEC) {
    stop.kind = Kind::Exec;
  } else if (sig == SIGTRAP && (event == PTRACE_EVENT_CLONE || event == PTRACE_EVENT_FORK ||
                                event == PTRACE_EVENT_VFORK)) {
    stop.kind = Kind::Clone;
    stop.message = Ptrace::eventMessage(pid);
  } else if (event != 0) {
    stop.kind = Kind::OtherEvent;
    stop.message = static_cast<uint64_t>(event);
  } else {
    stop.kind = Kind::Signal;
    stop.signal = sig;
  }
  return stop;
}

std::string TraceeStop::describe() const {
  switch (kind) {
    case Kind::SeccompEntry: return "system-call entry";
    case Kind::SyscallExit: return "system-call exit";
    case Kind::Signal: return std::string("signal ") + (sigabbrev_np(signal) ? sigabbrev_np(signal) : "?");
    case Kind::Exec: return "exec";
    case Kind::Clone: return "new task";
    case Kind::OtherEvent: return "ptrace event " + std::to_string(message);
    case Kind::Exited:
      return WIFEXITED(exitStatus) ? "exit with status " + std::to_string(WEXITSTATUS(exitStatus))
                                   : "death by signal " + std::to_string(WTERMSIG(exitStatus));
  }
  return "stop";
}

}  // namespace rwd
