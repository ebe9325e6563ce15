// DebugRegisterSlots: one committed allocation of the debug registers, in every thread.
#include "hwbreak/DebugRegisterSlots.h"

#include "process/Process.h"

namespace rwd {

DebugRegisterSlots::DebugRegisterSlots(Process& process) : process_(process), sync_(writer_) { takeThreads(); }

void DebugRegisterSlots::takeThreads() {
  for (pid_t tid : process_.threadIds()) {
    try {
      sync_.addThread(tid);  // tracked even when the write fails; the next commit tries again
    } catch (const std::exception&) {
    }
  }
}

void DebugRegisterSlots::commit(const DebugRegisterAllocator& next) {
  sync_.commit(next.mirror());
  allocation_ = next;
  // Traps are told from steps by their siginfo only while a slot is armed.
  process_.hardwareTrapsPossible = next.mirror().freeSlotCount() < DebugRegisterMirror::kSlotCount;
}

void DebugRegisterSlots::afterExec() {
  const std::set<pid_t> known = sync_.threads();
  for (pid_t tid : known) sync_.onThreadExited(tid);
  takeThreads();
}

}  // namespace rwd
