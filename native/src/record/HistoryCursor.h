// HistoryCursor: walks the history log entry by entry in either direction
// without touching the process, decoding one chunk at a time (the offsets
// of its entries are found once per chunk, so walking backwards costs the
// same as walking forwards). Used by the time traveler to apply entries and
// by searches (breakpoints, watchpoints, lines) that only read registers
// and spans. A cursor is valid until the history changes.
#pragma once

#include <cstdint>
#include <vector>

#include "record/History.h"
#include "record/HistoryEntry.h"

namespace rwd {

class HistoryCursor {
 public:
  // Starts at `position` (0..size()).
  HistoryCursor(History& history, uint64_t position);

  uint64_t position() const { return serial_ - history_.firstSerial(); }
  // Decodes the entry just before the cursor and moves before it; false
  // at the oldest entry kept.
  bool previous(EntryView& out);
  // Decodes the entry at the cursor and moves after it; false at the end.
  bool next(EntryView& out);

 private:
  struct Mark {
    uint32_t offset;
    pid_t tid;
    uint64_t address;
  };
  void decodeSerial(uint64_t serial, EntryView& out);
  void load(size_t chunkIndex);
  size_t chunkOf(uint64_t serial) const;

  History& history_;
  uint64_t serial_;
  size_t chunk_ = 0;
  bool loaded_ = false;
  std::vector<Mark> marks_;
};

}  // namespace rwd
