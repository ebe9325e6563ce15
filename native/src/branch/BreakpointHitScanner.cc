// BreakpointHitScanner: binary search of each new instruction's pc in the
// sorted addresses; hits before the history's first kept index are dropped.
#include "branch/BreakpointHitScanner.h"

#include <algorithm>

namespace rwd {

const std::vector<uint64_t>& BreakpointHitScanner::hits(const HistoryView& history, std::vector<uint64_t> addresses) {
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
  const uint64_t first = history.firstIndex();
  const uint64_t end = history.size();
  if (&history != history_ || addresses != addresses_ || end < scanned_) {
    history_ = &history;
    addresses_ = std::move(addresses);
    scanned_ = first;
    hits_.clear();
  }
  if (!hits_.empty() && hits_.front() < first) {
    hits_.erase(hits_.begin(), std::lower_bound(hits_.begin(), hits_.end(), first));
  }
  if (addresses_.empty()) {
    scanned_ = end;
    return hits_;
  }
  for (uint64_t index = std::max(scanned_, first); index < end; ++index) {
    if (history.kindAt(index) != EntryKind::Instruction) continue;
    if (std::binary_search(addresses_.begin(), addresses_.end(), history.pcAt(index))) hits_.push_back(index);
  }
  scanned_ = end;
  return hits_;
}

}  // namespace rwd
