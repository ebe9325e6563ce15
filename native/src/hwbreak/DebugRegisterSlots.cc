// DebugRegisterSlots: one committed allocation of the debug registers, in every thread.
#include "hwbreak/DebugRegisterSlots.h"

#include "process/Process.h"

namespace rwd {

DebugRegisterSlots::DebugRegisterSlots(Process& process) : process_(process), sync_(writer_) { takeThreads(); }

void DebugRegisterSlots::takeThreads() {
  for (pid_t tid : process_.threadIds()) {
    try {
      sync_.addThread(tid);  // tracked even when the write fails; the next commit tries again
    } catch (const std::exception&) {}
  }
}

void DebugRegisterSlots::commit(const DebugRegisterAllocator& next) {
  sync_.commit(next.mirror());
  allocation_ = next;
  // Traps are told from steps by their siginfo only while a slot is armed.
  process_.hardwareTrapsPossible = next.mirror().freeSlotCount() < DebugRegisterMirror::kSlotCount;
  // Threads resumed from these addresses pass over them (Process).
  process_.executionBreakpoints.clear();
  uint64_t dataSlotBits = 0;
  for (int index = 0; index < DebugRegisterMirror::kSlotCount; ++index) {
    const DebugRegisterSlot& slot = next.mirror().slot(index);
    if (!slot.inUse()) continue;
    if (slot.kind == WatchKind::execute) process_.executionBreakpoints.insert(slot.address);
    else dataSlotBits |= uint64_t{1} << index;
  }
  // Recorded steps look at DR6 only while a data watch is armed.
  process_.dataWatchFired = nullptr;
  if (dataSlotBits) {
    process_.dataWatchFired = [this, dataSlotBits](pid_t tid) {
      try {
        return (writer_.readStatus(tid) & dataSlotBits) != 0;
      } catch (const std::exception&) {
        return false;  // a thread killed meanwhile: its exit comes next
      }
    };
  }
}

void DebugRegisterSlots::afterExec() {
  const std::set<pid_t> known = sync_.threads();
  for (pid_t tid : known) sync_.onThreadExited(tid);
  takeThreads();
}

}  // namespace rwd
