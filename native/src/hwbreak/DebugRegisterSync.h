// DebugRegisterSync: keeps every thread of one process holding the same
// committed DebugRegisterMirror. Debug registers are per thread and a new
// thread starts with none (Linux does not copy ptrace breakpoints on
// clone), so the process layer tells this class about each thread as it
// appears (onThreadCreated) and goes (onThreadExited). A new mirror is put
// into every known thread or, if one thread refuses it, taken back out of
// the threads already changed. No ptrace here: all access goes through the
// DebugRegisterWriter it is given. All threads must be stopped.
#pragma once

#include "hwbreak/DebugRegisterAllocator.h"
#include "hwbreak/DebugRegisterMirror.h"
#include "hwbreak/DebugRegisterWriter.h"

#include <sys/types.h>

#include <set>
#include <vector>

namespace rwd {

class DebugRegisterSync {
 public:
  explicit DebugRegisterSync(DebugRegisterWriter& writer) : writer_(writer) {}

  const DebugRegisterMirror& mirror() const { return mirror_; }
  const std::set<pid_t>& threads() const { return threads_; }

  // A thread that exists now (the first thread, or each one found on
  // attach): it gets the committed mirror.
  void addThread(pid_t tid);
  // A thread just created (clone event), still stopped: it starts with no
  // debug registers and gets the committed mirror.
  void onThreadCreated(pid_t tid);
  // The thread has exited; it is no longer written.
  void onThreadExited(pid_t tid);

  // Puts `next` into every thread and makes it the committed mirror. If a
  // thread refuses it, the threads already changed get the previous mirror
  // back (as far as they accept it), the committed mirror stays as it was,
  // and the writer's error is rethrown.
  void commit(const DebugRegisterMirror& next);

  // After a stop of `tid`: the slots in use whose DR6 bit is set, with what
  // they hold. The status is then cleared so the next stop reports only its
  // own hits.
  std::vector<DebugRegisterHit> takeHits(pid_t tid);

 private:
  DebugRegisterWriter& writer_;
  DebugRegisterMirror mirror_;
  std::set<pid_t> threads_;
};

}  // namespace rwd
