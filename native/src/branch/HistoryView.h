// HistoryView: the read-only face of a recorded instruction history that the
// branch providers need — how many entries there are, and for each the
// address it started at, the thread that ran it and what kind of entry it
// is. RecordedHistoryView implements it over the recorder's History; tests
// implement it over vectors. Indices are absolute (they keep counting when
// a limited history forgets its oldest entries).
#pragma once

#include <cstdint>

#include "record/HistoryEntry.h"

namespace rwd {

class HistoryView {
 public:
  virtual ~HistoryView() = default;
  // One past the last index that can be read; grows while recording goes on.
  virtual uint64_t size() const = 0;
  // The oldest index still kept (a history with a limit forgets its start).
  virtual uint64_t firstIndex() const { return 0; }
  // Address of the entry at `index` (firstIndex() <= index < size()): the
  // instruction's address, or where a signal interrupted the thread; 0 when
  // it is unknown.
  virtual uint64_t pcAt(uint64_t index) const = 0;
  // Thread of the entry at `index`.
  virtual int32_t tidAt(uint64_t index) const = 0;
  // An instruction, a signal delivery (the kernel entered a handler: no
  // instruction ran) or an adjustment (a debugger write: not a step).
  virtual EntryKind kindAt(uint64_t index) const { return EntryKind::Instruction; }
};

}  // namespace rwd
