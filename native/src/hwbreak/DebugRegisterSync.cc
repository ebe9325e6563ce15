// DebugRegisterSync: one committed mirror, applied to every thread.
#include "hwbreak/DebugRegisterSync.h"

namespace rwd {

void DebugRegisterSync::addThread(pid_t tid) {
  // A reused thread id must not inherit what the writer knew about the
  // thread that had it before. The thread is tracked even if the write
  // below fails, so the next commit tries again (the caller hears about
  // the failure from the exception).
  if (threads_.insert(tid).second) writer_.forgetThread(tid);
  writer_.apply(tid, mirror_);
}

void DebugRegisterSync::onThreadCreated(pid_t tid) {
  threads_.insert(tid);
  writer_.noteNewThread(tid);
  writer_.apply(tid, mirror_);
}

void DebugRegisterSync::onThreadExited(pid_t tid) {
  threads_.erase(tid);
  writer_.forgetThread(tid);
}

void DebugRegisterSync::commit(const DebugRegisterMirror& next) {
  std::vector<pid_t> touched;
  try {
    for (pid_t tid : threads_) {
      touched.push_back(tid);
      writer_.apply(tid, next);
    }
  } catch (...) {
    // Best effort: a thread that refused the new mirror may also refuse
    // the old one (it may have exited); the original error is the one the
    // user needs to see.
    for (pid_t tid : touched) {
      try {
        writer_.apply(tid, mirror_);
      } catch (...) {}
    }
    throw;
  }
  mirror_ = next;
}

std::vector<DebugRegisterHit> DebugRegisterSync::takeHits(pid_t tid) {
  const uint64_t status = writer_.readStatus(tid);
  const std::vector<DebugRegisterHit> hits = DebugRegisterAllocator(mirror_).hitsForDr6(status);
  if (!DebugRegisterAllocator::slotsForDr6(status).empty()) { writer_.clearStatus(tid); }
  return hits;
}

}  // namespace rwd
