// TraceeStop: waitpid status decoding.
#include "replay/TraceeStop.h"

#include "replay/Ptrace.h"

#include <sys/ptrace.h>
#include <sys/wait.h>
#include <time.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace rwd {

namespace {

TraceeStop decode(pid_t pid, int status);

}  // namespace

TraceeStop TraceeStop::waitFor(pid_t pid) {
  int status = 0;
  pid_t waited;
  do { waited = ::waitpid(pid, &status, __WALL); } while (waited < 0 && errno == EINTR);
  if (waited != pid) Ptrace::fail("waitpid", pid);
  return decode(pid, status);
}

std::optional<TraceeStop> TraceeStop::poll(pid_t pid) {
  for (;;) {
    int status = 0;
    const pid_t waited = ::waitpid(pid, &status, __WALL | WNOHANG);
    if (waited == pid) return decode(pid, status);
    if (waited == 0) return std::nullopt;
    if (errno != EINTR) Ptrace::fail("waitpid", pid);
  }
}

std::optional<TraceeStop> TraceeStop::waitFor(pid_t pid, int timeoutMs) {
  for (int waitedMs = 0;; ++waitedMs) {
    int status = 0;
    const pid_t waited = ::waitpid(pid, &status, __WALL | WNOHANG);
    if (waited == pid) return decode(pid, status);
    if (waited < 0 && errno != EINTR) Ptrace::fail("waitpid", pid);
    if (waitedMs >= timeoutMs) return std::nullopt;
    const timespec oneMillisecond{0, 1000000};
    ::nanosleep(&oneMillisecond, nullptr);
  }
}

namespace {

TraceeStop decode(pid_t pid, int status) {
  TraceeStop stop;
  if (WIFEXITED(status) || WIFSIGNALED(status)) {
    stop.kind = TraceeStop::Kind::Exited;
    stop.exitStatus = status;
    return stop;
  }
  const int sig = WSTOPSIG(status);
  const int event = status >> 16;
  if (sig == (SIGTRAP | 0x80)) {
    stop.kind = TraceeStop::Kind::SyscallExit;
  } else if (sig == SIGTRAP && event == PTRACE_EVENT_SECCOMP) {
    stop.kind = TraceeStop::Kind::SeccompEntry;
  } else if (sig == SIGTRAP && event == PTRACE_EVENT_EXEC) {
    stop.kind = TraceeStop::Kind::Exec;
  } else if (sig == SIGTRAP &&
             (event == PTRACE_EVENT_CLONE || event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK)) {
    stop.kind = TraceeStop::Kind::Clone;
    stop.message = Ptrace::eventMessage(pid);
  } else if (event != 0) {
    stop.kind = TraceeStop::Kind::OtherEvent;
    stop.message = static_cast<uint64_t>(event);
  } else {
    stop.kind = TraceeStop::Kind::Signal;
    stop.signal = sig;
  }
  return stop;
}

}  // namespace

std::string TraceeStop::describe() const {
  switch (kind) {
    case TraceeStop::Kind::SeccompEntry:
      return "system-call entry";
    case TraceeStop::Kind::SyscallExit:
      return "system-call exit";
    case TraceeStop::Kind::Signal:
      return std::string("signal ") + (sigabbrev_np(signal) ? sigabbrev_np(signal) : "?");
    case TraceeStop::Kind::Exec:
      return "exec";
    case TraceeStop::Kind::Clone:
      return "new task";
    case TraceeStop::Kind::OtherEvent:
      return "ptrace event " + std::to_string(message);
    case TraceeStop::Kind::Exited:
      return WIFEXITED(exitStatus) ? "exit with status " + std::to_string(WEXITSTATUS(exitStatus))
                                   : "death by signal " + std::to_string(WTERMSIG(exitStatus));
  }
  return "stop";
}

}  // namespace rwd
