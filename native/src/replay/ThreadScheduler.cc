// ThreadScheduler: the thread table, the may-block rule and the waits.
#include "replay/ThreadScheduler.h"

#include <linux/futex.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <time.h>

#include <cerrno>
#include <chrono>

#include "replay/Ptrace.h"

namespace rwd {

ThreadScheduler::ThreadScheduler(NativeRecording& recording, pid_t leader, SyscallEventLogger& leaderLogger)
    : recording_(recording) {
  threads_.push_back(Thread{leader, State::Running, &leaderLogger, std::nullopt, false});
  sigset_t childEvents;
  sigemptyset(&childEvents);
  sigaddset(&childEvents, SIGCHLD);
  ::pthread_sigmask(SIG_BLOCK, &childEvents, &savedMask_);
}

ThreadScheduler::~ThreadScheduler() { ::pthread_sigmask(SIG_SETMASK, &savedMask_, nullptr); }

size_t ThreadScheduler::add(pid_t tid) {
  loggers_.push_back(std::make_unique<SyscallEventLogger>(recording_));
  threads_.push_back(Thread{tid, State::Held, loggers_.back().get(), std::nullopt, false});
  return threads_.size() - 1;
}

size_t ThreadScheduler::alive() const {
  size_t count = 0;
  for (const Thread& thread : threads_)
    if (thread.state != State::Exited) ++count;
  return count;
}

std::vector<pid_t> ThreadScheduler::otherLiveTids() const {
  std::vector<pid_t> tids;
  for (size_t i = 1; i < threads_.size(); ++i)
    if (threads_[i].state != State::Exited) tids.push_back(threads_[i].tid);
  return tids;
}

bool ThreadScheduler::mayBlock(const SyscallCall& call) {
  switch (call.number) {
    case SYS_futex: {
      const uint64_t operation = call.args[1] & FUTEX_CMD_MASK;
      return operation == FUTEX_WAIT || operation == FUTEX_WAIT_BITSET || operation == FUTEX_LOCK_PI ||
             operation == FUTEX_LOCK_PI2 || operation == FUTEX_WAIT_REQUEUE_PI;
    }
    case SYS_futex_waitv:
    case SYS_read:
    case SYS_readv:
    case SYS_pread64:
    case SYS_write:
    case SYS_writev:
    case SYS_recvfrom:
    case SYS_recvmsg:
    case SYS_recvmmsg:
    case SYS_sendto:
    case SYS_sendmsg:
    case SYS_accept:
    case SYS_accept4:
    case SYS_connect:
    case SYS_poll:
    case SYS_ppoll:
    case SYS_select:
    case SYS_pselect6:
    case SYS_epoll_wait:
    case SYS_epoll_pwait:
    case SYS_epoll_pwait2:
    case SYS_nanosleep:
    case SYS_clock_nanosleep:
    case SYS_wait4:
    case SYS_waitid:
    case SYS_pause:
    case SYS_rt_sigtimedwait:
    case SYS_msgrcv:
    case SYS_msgsnd:
    case SYS_semop:
    case SYS_semtimedop:
    case SYS_flock:
      return true;
    default:
      return false;
  }
}

void ThreadScheduler::sleepUntilChildEvent(int milliseconds) {
  sigset_t childEvents;
  sigemptyset(&childEvents);
  sigaddset(&childEvents, SIGCHLD);
  const timespec timeout{milliseconds / 1000, (milliseconds % 1000) * 1000000L};
  ::sigtimedwait(&childEvents, nullptr, &timeout);  // a stop, another child's news, or the time: the caller looks
}

std::optional<TraceeStop> ThreadScheduler::waitForCurrent(int sliceMs) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(sliceMs);
  for (;;) {
    if (std::optional<TraceeStop> stop = TraceeStop::poll(current().tid)) return stop;
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
    if (left <= 0) return std::nullopt;
    sleepUntilChildEvent(static_cast<int>(left));
  }
}

bool ThreadScheduler::ready(Thread& thread) {
  if (thread.state == State::Held) return true;
  if (thread.state != State::InKernel) return false;
  if (!thread.stopSeen) thread.stopSeen = TraceeStop::poll(thread.tid);
  return thread.stopSeen.has_value();
}

bool ThreadScheduler::anotherCanRun() {
  for (size_t i = 0; i < threads_.size(); ++i)
    if (i != current_ && ready(threads_[i])) return true;
  return false;
}

std::optional<size_t> ThreadScheduler::pickNext() {
  for (;;) {
    if (alive() == 0) return std::nullopt;
    for (size_t step = 1; step <= threads_.size(); ++step) {
      const size_t index = (current_ + step) % threads_.size();
      if (ready(threads_[index])) return index;
    }
    sleepUntilChildEvent(10);
  }
}

void ThreadScheduler::makeCurrent(size_t index) {
  current_ = index;
  threads_[index].state = State::Running;
}

}  // namespace rwd
