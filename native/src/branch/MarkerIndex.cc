// MarkerIndex: sorted vectors, lower_bound per bucket edge.
#include "branch/MarkerIndex.h"

#include <algorithm>

namespace rwd {

namespace {
void insertSorted(std::vector<uint64_t>& indices, uint64_t index) {
  if (indices.empty() || indices.back() <= index) {
    indices.push_back(index);
    return;
  }
  indices.insert(std::upper_bound(indices.begin(), indices.end(), index), index);
}
}  // namespace

void MarkerIndex::add(BranchKind kind, uint64_t index) { insertSorted(byKind_[static_cast<size_t>(kind)], index); }

void MarkerIndex::addRun(int32_t tid, uint64_t index) { insertSorted(runs_[tid], index); }

void MarkerIndex::clear() {
  for (auto& indices : byKind_) indices.clear();
  runs_.clear();
}

void MarkerIndex::summarize(const std::vector<uint64_t>& sortedIndices, const std::string& kind, uint64_t first,
                            uint64_t end, uint32_t buckets, std::vector<HistoryMarker>& out) {
  if (end <= first || buckets == 0 || sortedIndices.empty()) return;
  using Wide = unsigned __int128;  // so a long history never overflows
  const uint64_t span = end - first;
  auto cursor = std::lower_bound(sortedIndices.begin(), sortedIndices.end(), first);
  while (cursor != sortedIndices.end() && *cursor < end) {
    // Index i is in bucket (i - first) * buckets / span; this bucket ends
    // where the next one starts, after *cursor: every round moves on.
    const uint64_t bucket = static_cast<uint64_t>((Wide(*cursor - first) * buckets) / span);
    const uint64_t bucketEnd = first + static_cast<uint64_t>((Wide(bucket + 1) * span + buckets - 1) / buckets);
    auto next = std::lower_bound(cursor, sortedIndices.end(), std::min(bucketEnd, end));
    out.push_back({*cursor, static_cast<uint64_t>(next - cursor), kind});
    cursor = next;
  }
}

}  // namespace rwd
