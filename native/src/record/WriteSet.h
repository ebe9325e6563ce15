// WriteSet: the answer to "which memory may this instruction write?" for one
// execution of one instruction. `known` false means the analyzer cannot tell
// (an undecodable instruction, a scatter without vector registers, ...): the
// recorder must not guess, it cuts the history and shows `reason`.
// Reused across steps by the caller so that steady-state analysis allocates
// nothing.
#pragma once

#include <string>
#include <vector>

#include "record/MemoryRange.h"

namespace rwd {

struct WriteSet {
  bool known = true;
  std::vector<MemoryRange> ranges;
  std::string reason;

  void reset() {
    known = true;
    ranges.clear();
    if (!reason.empty()) reason.clear();
  }
  void markUnknown(const std::string& why) {
    known = false;
    ranges.clear();
    reason = why;
  }
  void add(uint64_t address, uint64_t length, bool maybePartial = false) {
    if (length != 0) ranges.push_back(MemoryRange{address, length, maybePartial});
  }
  uint64_t totalBytes() const {
    uint64_t total = 0;
    for (const MemoryRange& range : ranges) total += range.length;
    return total;
  }
};

}  // namespace rwd
