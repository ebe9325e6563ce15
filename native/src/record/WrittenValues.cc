// WrittenValues: a range's bytes after each of its last writes, from the
// pre-images the history saved.
#include "record/WrittenValues.h"

#include <algorithm>

#include "record/HistoryCursor.h"
#include "record/HistoryEntry.h"

namespace rwd {

std::vector<std::vector<uint8_t>> WrittenValues::after(History& history, const std::vector<uint64_t>& writes,
                                                       uint64_t address, std::vector<uint8_t> now) {
  std::vector<std::vector<uint8_t>> values;
  const uint64_t end = address + now.size();
  for (uint64_t index : writes) {
    values.push_back(now);
    // An entry before the current position is applied: its spans hold the
    // bytes from before it.
    HistoryCursor cursor(history, index);
    EntryView entry;
    if (!cursor.next(entry)) break;
    for (const SpanView& span : entry.spans) {
      const uint64_t from = std::max(address, span.address);
      const uint64_t to = std::min(end, span.address + span.length);
      for (uint64_t byte = from; byte < to; ++byte) now[byte - address] = span.bytes[byte - span.address];
    }
  }
  return values;
}

}  // namespace rwd
