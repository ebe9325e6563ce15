// BreakpointHitScanner: where in a recorded history the program reached a
// breakpoint address — the breakpoint markers of the timeline. The scan is
// incremental: while the set of addresses stays the same, only history
// recorded since the last call is read.
#pragma once

#include <cstdint>
#include <vector>

#include "branch/HistoryView.h"

namespace rwd {

class BreakpointHitScanner {
 public:
  // Sorted indices in [history.firstIndex(), history.size()) whose pc is
  // one of `addresses`.
  const std::vector<uint64_t>& hits(const HistoryView& history, std::vector<uint64_t> addresses);

 private:
  const HistoryView* history_ = nullptr;
  std::vector<uint64_t> addresses_;  // sorted
  uint64_t scanned_ = 0;
  std::vector<uint64_t> hits_;
};

}  // namespace rwd
