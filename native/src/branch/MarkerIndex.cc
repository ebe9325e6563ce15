// MarkerIndex: sorted vectors, lower_bound per bucket edge.
#include "branch/MarkerIndex.h"

#include <algorithm>

namespace rwd {

void MarkerIndex::add(BranchKind kind, uint64_t index) {
  auto& indices = byKind_[static_cast<size_t>(kind)];
  if (indices.empty() || indices.back() <= index) {
    indices.push_back(index);
    return;
  }
  indices.insert(std::upper_bound(indices.begin(), indices.end(), index), index);
}

void MarkerIndex::clear() {
  for (auto& indices : byKind_) indices.clear();
}

void MarkerIndex::summarize(const std::vector<uint64_t>& sortedIndices, const std::string& kind, uint64_t first,
                            uint64_t end, uint32_t buckets, std::vector<HistoryMarker>& out) {
  if (end <= first || buckets == 0 || sortedIndices.empty()) return;
  const uint64_t span = end - first;
  auto cursor = std::lower_bound(sortedIndices.begin(), sortedIndices.end(), first);
  for (uint32_t bucket = 0; bucket < buckets && cursor != sortedIndices.end(); ++bucket) {
    // Bucket edges computed in 128 bits so a long history never overflows.
    uint64_t bucketEnd = first + static_cast<uint64_t>((static_cast<unsigned __int128>(span) * (bucket + 1)) / buckets);
    if (*cursor >= end) break;
    if (*cursor >= bucketEnd) {
      // Jump straight to the bucket of the next event.
      bucket = static_cast<uint32_t>((static_cast<unsigned __int128>(*cursor - first) * buckets) / span);
      bucketEnd = first + static_cast<uint64_t>((static_cast<unsigned __int128>(span) * (bucket + 1)) / buckets);
    }
    auto next = std::lower_bound(cursor, sortedIndices.end(), std::min(bucketEnd, end));
    if (next != cursor) out.push_back({*cursor, static_cast<uint64_t>(next - cursor), kind});
    cursor = next;
  }
}

}  // namespace rwd
