// TraceeStop: one ptrace stop of a natively recorded (or replayed) process,
// decoded from waitpid's status — a seccomp system-call entry, a
// system-call exit (PTRACE_O_TRACESYSGOOD), a signal delivery, a ptrace
// event (exec, clone), or the end of the process —.
#pragma once

#include <signal.h>
#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <optional>
#include <string>

namespace rwd {

struct TraceeStop {
  enum class Kind { SeccompEntry, SyscallExit, Signal, Exec, Clone, OtherEvent, Exited };
  Kind kind = Kind::Exited;
  int signal = 0;        // Kind::Signal: the signal about to be delivered
  int exitStatus = 0;    // Kind::Exited: waitpid's raw status
  uint64_t message = 0;  // ptrace event message (Clone: the new task's id)

  // Waits for the next stop of `pid` (EINTR retried); throws when waitpid fails.
  static TraceeStop waitFor(pid_t pid);
  // The same, giving up after `timeoutMs` (nullopt then; polls every millisecond).
  static std::optional<TraceeStop> waitFor(pid_t pid, int timeoutMs);
  // The stop of `pid` that is already there, without waiting (nullopt: none yet).
  static std::optional<TraceeStop> poll(pid_t pid);
  std::string describe() const;
};

}  // namespace rwd
