// NativeReplayer: re-executes a native recording from one of its
// checkpoints. A fresh copy of the checkpoint runs natively; at each traced
// system call the replayer checks the call against the log (number,
// arguments, the bytes a write hands out) and, instead of running it,
// writes back the logged result and memory effects; rdtsc/rdtscp/cpuid get
// their logged values, logged signals are raised again at the same
// system-call exits with their original siginfo, and file mappings get the
// same bytes. Calls the recording logged through the in-process
// system-call buffer are met the same way: the replay turns the buffer's
// mode word off, so each of them stops too. Anything else — another call, other output, a signal or a
// trap the log does not have, another final state — throws
// ReplayDivergence: the replay never shows a past that did not happen.
// Threads run one at a time in the recorded order: the thread of the next
// event runs until it reaches that event; a thread whose call blocked in
// the recording waits at its entry until its result comes in the log; a
// clone is run again (the new thread gets the recorded id in the program's
// memory and registers) and so is a thread's exit; a preempted thread is
// stopped where the recording interrupted it (PreemptionPoint).
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "replay/HitCounter.h"
#include "replay/NativeRecording.h"
#include "replay/PreemptionPoint.h"

namespace rwd {

class NativeReplayer {
 public:
  // Forks a replay process from the checkpoint at `checkpointIndex`; it
  // stands there, stopped, until the first runTo (its registers and memory
  // are the checkpoint's: the position at the checkpoint).
  NativeReplayer(const NativeRecording& recording, size_t checkpointIndex);
  ~NativeReplayer();
  NativeReplayer(const NativeReplayer&) = delete;
  NativeReplayer& operator=(const NativeReplayer&) = delete;

  // Replays up to the system-call entry of event `target` (checked, not yet
  // run) or, when target is past the log, to the program's exit call, whose
  // registers and memory are checked against the recording. Returns false
  // when the log ended first (a recording that stopped early). Stops
  // earlier at a requested hit (countHits).
  bool runTo(size_t target);

  // Counts hits of `address` from here on with `counter` (see HitCounter);
  // with stopAtHit > 0, runTo returns true as soon as the program stands at
  // that hit (hitStop() then says so).
  void countHits(HitCounter& counter, uint64_t address, uint64_t stopAtHit);
  // Counts with `counter`, armed by the caller (a KernelHitCounter's own
  // arming rules): every stop it does not claim is the replay's.
  void useCounter(HitCounter& counter) { counter_ = &counter; }
  bool hitStop() const { return counter_ && counter_->reachedStop(); }

  pid_t pid() const { return pid_; }
  // The thread that ran last (the first thread's id is pid()).
  pid_t currentThread() const { return threads_[current_].tid; }
  // How many passes preemption points cost so far (see PreemptionPoint).
  uint64_t preemptionPasses() const { return preemption_.passes(); }
  size_t nextEvent() const { return next_; }
  // At the exit call (after runTo past the log): the replay's own figures.
  const user_regs_struct& finalRegisters() const { return finalRegisters_; }
  uint64_t finalMemoryDigest() const { return finalMemoryDigest_; }
  size_t outputsChecked() const { return outputsChecked_; }

 private:
  // Handles a seccomp entry stop; false when it is the stop runTo wanted.
  bool onSeccompEntry(size_t target);
  void onSignal(int signal);
  // Delivers a logged signal or fault (and its logged handler frame).
  void deliver(const NativeEvent& event, const user_regs_struct& regs);
  void skipSyscall(const NativeEvent& event, user_regs_struct regs);
  void mapFileAgain(const NativeEvent& event, user_regs_struct regs);
  void runExecuted(const NativeEvent& event);
  user_regs_struct waitForExit(const NativeEvent& event);
  const NativeEvent& expect(const char* what);
  void endReplay();
  void turnSyscallBufferOff(const NativeCheckpoint& checkpoint);
  void checkFinalState(const NativeEvent& event, const user_regs_struct& regs);
  // Threads.
  pid_t tid() const { return threads_[current_].tid; }
  // Picks the thread of the next event and lets it run; false when runTo
  // is done (the target reached at a held entry, or the program's end).
  bool schedule(size_t target);
  // The current thread may run on from here (with `signal`) when its next event comes.
  void release(int signal = 0);
  void runClone(const NativeEvent& event);
  void runThreadExit();
  void writeLoggedMemory(const NativeEvent& event);

  struct ReplayThread {
    enum class State { Ready, Running, AtEntry, Exited };
    pid_t tid = 0;
    State state = State::Exited;
    int signal = 0;  // Ready: delivered when it runs
  };

  const NativeRecording& recording_;
  pid_t pid_ = 0;
  std::vector<ReplayThread> threads_;
  size_t current_ = 0;
  PreemptionPoint preemption_;
  size_t next_ = 0;
  bool finished_ = false;
  user_regs_struct finalRegisters_{};
  uint64_t finalMemoryDigest_ = 0;
  size_t outputsChecked_ = 0;
  HitCounter* counter_ = nullptr;
};

}  // namespace rwd
