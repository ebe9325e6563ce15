// DebugRegisterSlots: the CPU's debug registers of one traced process,
// shared by everything that uses them — data breakpoints and hardware
// execution breakpoints. It holds the committed slot allocation and keeps
// every thread holding it (DebugRegisterSync through the x86 writer), new
// threads included, and tells the process where its execution breakpoints
// are (a thread resumed from one passes over it). A user changes its own
// owners' pieces on a copy of allocation() and commits the copy; a commit
// a thread refuses changes nothing. After a debug-register trap,
// takeHits() says which slots fired.
#pragma once

#include <sys/types.h>

#include <vector>

#include "hwbreak/DebugRegisterAllocator.h"
#include "hwbreak/DebugRegisterSync.h"
#include "hwbreak/X86DebugRegisterWriter.h"

namespace rwd {

class Process;

class DebugRegisterSlots {
 public:
  // Takes every thread of `process` as it is now; all must be stopped.
  explicit DebugRegisterSlots(Process& process);
  DebugRegisterSlots(const DebugRegisterSlots&) = delete;
  DebugRegisterSlots& operator=(const DebugRegisterSlots&) = delete;

  const DebugRegisterAllocator& allocation() const { return allocation_; }
  // Puts `next` into every thread (all stopped) and makes it the committed
  // allocation; rethrows the writer's error and keeps the old one.
  void commit(const DebugRegisterAllocator& next);
  // The kernel empties the debug registers at execve: what the writer
  // knew of each thread is forgotten and the allocation written again.
  void afterExec();
  void onThreadCreated(pid_t tid) { sync_.onThreadCreated(tid); }
  void onThreadExited(pid_t tid) { sync_.onThreadExited(tid); }
  // The slots that fired for the stop of `tid`, with what they hold; the
  // thread's status is cleared.
  std::vector<DebugRegisterHit> takeHits(pid_t tid) { return sync_.takeHits(tid); }

 private:
  // Every thread of the process now gets the committed allocation.
  void takeThreads();

  Process& process_;
  X86DebugRegisterWriter writer_;
  DebugRegisterSync sync_;
  DebugRegisterAllocator allocation_;
};

}  // namespace rwd
