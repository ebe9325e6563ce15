// MarkerIndex: the instruction indices of the rare, notable events in a
// history — system calls, signals, thread switches — kept sorted per kind,
// and the summary the timeline draws: for each of N equal buckets of the
// history, the first event of each kind in it and how many there were.
// A summary costs O(buckets × log n), whatever the history's length. Per
// thread it also keeps where each of its runs began (the switches to it),
// for the timeline's thread lanes.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "branch/BranchTypes.h"

namespace rwd {

struct HistoryMarker {
  uint64_t index = 0;  // first event of the kind in its bucket
  uint64_t count = 0;  // events of the kind in the bucket
  std::string kind;    // a branch kind name, or "breakpoint"
};

class MarkerIndex {
 public:
  static bool tracks(BranchKind kind) {
    return kind == BranchKind::SystemCall || kind == BranchKind::Signal || kind == BranchKind::ThreadSwitch;
  }
  // Records an event; indices may arrive slightly out of order (a thread's
  // branch is seen when it runs again) and are inserted in place.
  void add(BranchKind kind, uint64_t index);
  void clear();
  const std::vector<uint64_t>& indicesOf(BranchKind kind) const { return byKind_[static_cast<size_t>(kind)]; }
  // Thread `tid` runs from entry `index` on (after another thread, or first).
  void addRun(int32_t tid, uint64_t index);
  const std::map<int32_t, std::vector<uint64_t>>& runs() const { return runs_; }

  // Markers of `kind` within [first, end) in `buckets` equal parts.
  static void summarize(const std::vector<uint64_t>& sortedIndices, const std::string& kind, uint64_t first,
                        uint64_t end, uint32_t buckets, std::vector<HistoryMarker>& out);

 private:
  std::array<std::vector<uint64_t>, kBranchKindCount> byKind_;
  std::map<int32_t, std::vector<uint64_t>> runs_;
};

}  // namespace rwd
