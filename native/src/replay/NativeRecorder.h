// NativeRecorder: records a single-threaded program at native speed. The
// program runs under ptrace with a seccomp filter; only what brings
// non-determinism stops it: traced system calls (result and the bytes the
// kernel wrote, through the recorder's SyscallEffects table), rdtsc/rdtscp
// and cpuid (made to fault, emulated and logged; where rdtsc does not fault
// its sites in the code are patched to ud2, see TscPatcher; where cpuid
// cannot fault the program is kept on one CPU instead), signals (delivered at a
// system-call exit and logged there; one that arrives during pure
// computation waits for the next system call, within a time limit), and
// file mappings. Calls the program makes through the in-process system-call
// buffer (a preloaded library, see SyscallBufferDrain) run with no stop
// and are logged at the next stop, in order. The vDSO
// is hidden at exec and rseq is refused, so the kernel writes nothing the
// log does not hold. Fork checkpoints are taken at the program's start
// and then every so many events or milliseconds, thinned out to a budget.
// Threads run one at a time (ThreadScheduler): a switch happens where a
// thread enters a call that may block (known to, or still under way after
// a time slice), yields, ends, or is interrupted
// after a time slice (a Preempt event: where, its registers and a memory
// digest); each is an event of the thread, so replay runs the same order.
// Checkpoints are taken only while the program has one thread. A new
// process or a call whose effects are unknown ends the recording with a
// message (the caller falls back to the single-step recorder); the log up
// to there stays replayable.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <chrono>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "replay/CheckpointSchedule.h"
#include "replay/NativeRecording.h"
#include "replay/SyscallBufferDrain.h"
#include "replay/SyscallEventLogger.h"
#include "replay/ThreadScheduler.h"
#include "replay/TraceeStop.h"
#include "replay/TscPatcher.h"

namespace rwd {

class NativeRecorder {
 public:
  struct Options {
    std::string program;
    std::vector<std::string> arguments;  // argv[1..]
    size_t checkpointEveryEvents = CheckpointSchedule::kDefaultEveryEvents;
    double checkpointEveryMilliseconds = CheckpointSchedule::kDefaultEveryMilliseconds;
    size_t maxCheckpoints = CheckpointSchedule::kDefaultMaxCheckpoints;  // more are thinned out (every other one goes)
    int outputFd = -1;  // stdout and stderr of the program (-1: inherited)
    // How long a signal that arrived during computation may wait for the
    // next system call before recording stops with a message.
    int heldSignalLimitMs = 500;
    // How long one thread runs without a stop while another could run
    // before it is interrupted. Each interruption cost about 30 ms here
    // (it takes a digest of all writable memory, thread stacks included),
    // so two compute threads on one CPU recorded with slices of 5, 10, 20,
    // 50 and 100 ms took 2.2, 0.87, 0.64, 0.51 and 0.45 s against 0.26 to
    // 0.37 s natively (AMD EPYC VM, loaded).
    int timeSliceMs = 100;
  };

  explicit NativeRecorder(Options options);
  ~NativeRecorder();
  NativeRecorder(const NativeRecorder&) = delete;
  NativeRecorder& operator=(const NativeRecorder&) = delete;

  // Runs the program to its end, or to the first thing native recording
  // cannot cover (see NativeRecording::stopReason). Throws when the
  // program cannot be started or the kernel lacks a facility (the message
  // says which). The program is never left running or stopped.
  NativeRecording record();

 private:
  void launch();
  void setUpImage();
  // False when recording must stop.
  bool onSeccompEntry();
  void onSignal(int signal);
  // Logs a signal (or fault) and lets the kernel deliver it.
  void deliverLogged(NativeEvent::Kind kind, const user_regs_struct& regs, const siginfo_t& info);
  void maybeCheckpoint();
  void takeCheckpoint();
  void refuse(const std::string& why);
  // Logs the buffered calls; false (recording stops, see refuse) when the buffer is broken.
  bool drainBuffer();
  void endProgram();
  // Threads (ThreadScheduler).
  pid_t tid() const;
  bool handle(const TraceeStop& stop);
  bool onClone(const SyscallCall& call);
  bool onThreadExit(const user_regs_struct& regs);
  void blockInKernel(const user_regs_struct& regs, const SyscallCall& call);  // lets the kernel run it, then logBlocked
  void logBlocked(const user_regs_struct& regs, const SyscallCall& call);
  void preempt();
  void onPreempted();
  void undoStrayInterrupt();
  bool switchThread();
  void finishGroupExit();
  void tagNewEvents(size_t thread);

  Options options_;
  // The first thread's id, the process's.
  pid_t pid_ = 0;
  NativeRecording recording_;
  // Registers at the last system-call exit, while no other stop came since.
  std::optional<user_regs_struct> lastExit_;
  // Signals held back because they arrived during computation.
  std::vector<siginfo_t> deferred_;
  // Signals the recorder re-raised with tgkill, by number: their real siginfo.
  std::unordered_map<int, siginfo_t> reraised_;
  CheckpointSchedule schedule_;
  SyscallEventLogger logger_;
  SyscallBufferDrain buffer_;
  std::unique_ptr<ThreadScheduler> threads_;
  size_t tagged_ = 0;          // events before this one carry their thread
  bool switchWanted_ = false;  // the running thread stopped running (blocked, yielded, ended, preempted)
};

}  // namespace rwd
