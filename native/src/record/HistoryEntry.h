// HistoryEntry: one decoded entry of the history log, as HistoryCursor
// hands it out — which thread, what kind of step, its register delta, and
// the memory spans it saved. A span's bytes live inside the log and are the
// "other" image of that memory: the bytes from before the entry while the
// entry is applied (the process is after it), the bytes from after it once
// the entry has been undone. Going back or forward swaps them with the
// process's bytes, so the log always holds what the other direction needs.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

#include "record/RegisterDelta.h"

namespace rwd {

enum class EntryKind : uint8_t {
  Instruction = 0,     // one single step of one thread (a system call included)
  SignalDelivery = 1,  // the kernel entered a signal handler (frame written, no instruction ran)
  Adjustment = 2,      // registers or memory changed between steps (a debugger write): not a step
};

struct SpanView {
  uint64_t address = 0;
  uint32_t length = 0;
  uint8_t* bytes = nullptr;  // inside the log: swapped in place
};

struct EntryView {
  uint64_t serial = 0;  // absolute number of the entry since recording began
  pid_t tid = 0;
  EntryKind kind = EntryKind::Instruction;
  bool hasMapChange = false;  // History::mapChange(serial) describes it
  RegisterDelta registers;
  std::vector<SpanView> spans;

  bool isStep() const { return kind != EntryKind::Adjustment; }
};

}  // namespace rwd
