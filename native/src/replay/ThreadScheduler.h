// ThreadScheduler: the native recorder's table of the program's threads and
// its rule for which one runs. One thread runs at a time; the others wait in
// a ptrace stop (Held) or inside a system call that may block (InKernel:
// the kernel runs the call while another thread runs; its result is logged
// when the thread is picked again). The recorder switches when the running
// thread enters a call that may block, yields, ends, or has run a whole time
// slice without a stop while another thread could run (it is then
// interrupted: see NativeRecorder). Every switch is therefore a point in the
// log (an event of the thread that stops), and replay runs the threads in
// the same order. Threads are numbered in the order they were created.
#pragma once

#include <signal.h>
#include <sys/types.h>

#include <cstddef>
#include <deque>
#include <memory>
#include <optional>
#include <vector>

#include "record/SyscallCall.h"
#include "replay/SyscallEventLogger.h"
#include "replay/TraceeStop.h"

namespace rwd {

class ThreadScheduler {
 public:
  enum class State { Running, Held, InKernel, Exited };
  struct Thread {
    pid_t tid = 0;
    State state = State::Held;
    SyscallEventLogger* logger = nullptr;  // its system call under way (one per thread)
    std::optional<TraceeStop> stopSeen;    // InKernel: the stop polled already (its call's exit)
    bool interruptPending = false;         // the recorder's SIGSTOP may still arrive
  };

  // Thread 0 is `leader`, logged by `leaderLogger`; later threads get loggers of their own.
  ThreadScheduler(NativeRecording& recording, pid_t leader, SyscallEventLogger& leaderLogger);
  ~ThreadScheduler();
  ThreadScheduler(const ThreadScheduler&) = delete;
  ThreadScheduler& operator=(const ThreadScheduler&) = delete;

  size_t add(pid_t tid);  // a new thread, Held at its first stop; returns its index
  size_t currentIndex() const { return current_; }
  Thread& current() { return threads_[current_]; }
  Thread& at(size_t index) { return threads_[index]; }
  size_t size() const { return threads_.size(); }
  size_t alive() const;
  // Thread ids of the live threads other than the leader (to reap at the end).
  std::vector<pid_t> otherLiveTids() const;

  // Whether a thread about to make `call` must let the kernel run it while
  // others run (it may wait for one of them): futex waits, reads, polls,
  // sleeps, waits for children...
  static bool mayBlock(const SyscallCall& call);

  // Waits for the running thread's next stop for at most `sliceMs` (nullopt
  // when the slice ran out with no stop). SIGCHLD is blocked in the calling
  // thread while the scheduler lives, so the wait sleeps until a stop.
  std::optional<TraceeStop> waitForCurrent(int sliceMs);
  // Whether another thread could run now (Held, or its call came back).
  bool anotherCanRun();
  // Picks the thread to run after the current one stopped running (it is
  // Held, InKernel or Exited): the next one in turn that can run, the
  // current one again when it is Held and no other can, or waits for a
  // call to come back. nullopt when no thread is left. A thread picked while
  // InKernel has the stop its call came back with in stopSeen: the recorder
  // logs the call's result before it lets the thread run.
  std::optional<size_t> pickNext();
  void makeCurrent(size_t index);

 private:
  bool ready(Thread& thread);
  void sleepUntilChildEvent(int milliseconds);

  NativeRecording& recording_;
  std::vector<Thread> threads_;
  std::deque<std::unique_ptr<SyscallEventLogger>> loggers_;
  size_t current_ = 0;
  sigset_t savedMask_{};
};

}  // namespace rwd
