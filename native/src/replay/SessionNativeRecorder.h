// SessionNativeRecorder: native-speed recording of the debugger's own
// debuggee. The program was started under the seccomp filter (see
// ProgramLauncher) and runs under the debugger's ptrace as in a live
// session — breakpoints, steps and pauses work as usual —; this class sees
// only the stops that bring non-determinism and handles them without the
// user noticing: a traced system call is logged at its entry and exit
// stops (SyscallEventLogger), a trapped rdtsc/rdtscp/cpuid is emulated and
// logged, and fork checkpoints are taken at system-call entries on
// schedule (without the debugger's int3 bytes). Calls made through the
// in-process system-call buffer are logged at the next stop this class
// is offered, before anything else, and when the log is shown (catchUp)
// (SyscallBufferDrain). What native recording
// does not cover yet — a signal, a new thread or process, a call whose
// effects are unknown, a write by the user into the program — ends the
// recording with a message; the program goes on live (system calls then
// run as they are, trapped instructions are still emulated) and the log up
// to there stays whole. A call interrupted by the debugger's own stop (a
// pause) is not logged: the kernel makes it again, and that call is.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <functional>
#include <optional>
#include <string>

#include "replay/CheckpointSchedule.h"
#include "replay/NativeRecording.h"
#include "replay/SyscallBufferDrain.h"
#include "replay/SyscallEventLogger.h"

namespace rwd {

class SessionNativeRecorder {
 public:
  // What the debugger does with the thread after a stop it offered.
  enum class Handling {
    NotMine,              // not a recording stop: the debugger judges it as usual
    ResumeAsBefore,       // handled: the thread goes on as it was going (run or step)
    ResumeToSyscallExit,  // handled: run the system call and stop at its exit
    Emulated              // handled: an instruction was emulated (a step that ran it is done)
  };

  // Nullopt where this kernel lets a program be recorded natively; else why not.
  static std::optional<std::string> unavailableReason();
  // Chooses how rdtsc/cpuid are trapped (before the program starts).
  SessionNativeRecorder();
  ~SessionNativeRecorder();
  SessionNativeRecorder(const SessionNativeRecorder&) = delete;
  SessionNativeRecorder& operator=(const SessionNativeRecorder&) = delete;

  // The CPU the program must be kept on (-1: any).
  int pinnedCpu() const { return recording_.pinnedCpu; }
  // How the system-call buffer is put into the program (before it starts):
  // the LD_PRELOAD value for its environment ("" for none) and the line
  // that tells the user (see SyscallBufferPreload).
  std::string chooseSyscallBuffer(const std::string& program, const std::optional<std::string>& preloaded);
  // At the program's exec stop: sets up its image and takes the start
  // checkpoint; throws with the reason when it cannot.
  void start(pid_t pid);
  // A stop of thread `tid` with waitpid status `status`.
  Handling onStop(pid_t tid, int status);
  // Ends the recording (the first reason given is kept); the program goes on live.
  void end(const std::string& why);
  // Called with each checkpoint copy before it is kept: takes the
  // debugger's breakpoint bytes out of it.
  std::function<void(pid_t copy)> cleanCopy;
  // Called for each rdtsc/rdtscp site patched to ud2 (see TscPatcher):
  // the debugger shows the original instruction there.
  void onSitePatched(std::function<void(const TscSite& site)> patched) { logger_.sitePatched = std::move(patched); }
  // Called once when the recording ends early, with the reason.
  std::function<void(const std::string& why)> ended;

  // Logs the calls buffered since the last stop this class saw (the
  // debugger's own stops are not offered to it): before the log is shown.
  void catchUp();

  bool active() const { return active_; }
  const NativeRecording& recording() const { return recording_; }
  // Events of each kind in the log.
  size_t count(NativeEvent::Kind kind) const;

 private:
  Handling onSeccompStop(pid_t pid);
  void onSyscallExit(pid_t pid);
  Handling onTrap(pid_t pid, int signal);
  // Logs the buffered calls; false (the recording ended) when the buffer is broken.
  bool drainBuffer(pid_t pid);
  void takeCheckpoint(pid_t pid);

  NativeRecording recording_;
  SyscallEventLogger logger_;
  SyscallBufferDrain buffer_;
  CheckpointSchedule schedule_;
  bool active_ = false;
  pid_t pid_ = 0;
  bool awaitingExit_ = false;
  // The entry registers of the call waiting for its exit, and of a call
  // the debugger's stop interrupted that the kernel resumes with
  // restart_syscall (logged as the call it resumes).
  user_regs_struct pendingEntry_{};
  std::optional<user_regs_struct> restarting_;
};

}  // namespace rwd
