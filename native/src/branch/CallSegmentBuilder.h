// CallSegmentBuilder: turns a stream of instructions (with how control
// arrived at each) into the function-call history — segments of one thread
// in one function instance with their call depth — incrementally, one
// instruction at a time, so a growing history never costs a rebuild. Each
// thread has its own open segment: threads that take turns (the recorder
// steps them one instruction at a time) do not cut each other's segments.
// Segments are ordered by their first instruction; pages are O(page) and
// the segment around an instruction index a binary search.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "branch/BranchTypes.h"
#include "branch/PlaceTable.h"

namespace rwd {

class CallSegmentBuilder {
 public:
  explicit CallSegmentBuilder(const PlaceTable& places) : places_(places) {}

  // The instruction at `index` (address `pc`, at `place`, run by `tid`).
  // `arrival` is the kind of taken branch that led to it in its own thread,
  // nullopt for a fall-through. Indices must not decrease.
  void add(uint64_t index, int32_t tid, uint64_t pc, const PlaceEntry& place, std::optional<BranchKind> arrival);
  // Forgets every segment and thread.
  void clear();
  // Hides segments that end before `firstIndex` (a history that forgot its
  // start); their memory is given back in batches.
  void dropBefore(uint64_t firstIndex);

  uint64_t size() const { return segments_.size() - base_; }
  FunctionSegment at(uint64_t ordinal) const;
  uint32_t functionIdAt(uint64_t ordinal) const { return segments_[base_ + ordinal].function; }
  uint32_t fileIdAt(uint64_t ordinal) const { return segments_[base_ + ordinal].file; }
  uint64_t startIndexAt(uint64_t ordinal) const { return segments_[base_ + ordinal].start; }
  // Ordinal of the segment that holds instruction `index` (else the last
  // one starting at or before it; 0 when the index is before them all).
  uint64_t ordinalAt(uint64_t index) const;
  // Shallowest depth any segment reached (the root for indentation).
  int32_t minDepth() const { return minDepth_; }

 private:
  struct Segment {
    uint64_t start = 0;
    uint64_t end = 0;
    uint64_t entries = 0;  // instructions (and signal deliveries) added to it
    uint64_t entryAddress = 0;
    uint32_t function = 0;
    uint32_t file = 0;
    int32_t depth = 0;
    int32_t tid = 0;
    int32_t minLine = 0;
    int32_t maxLine = 0;
    std::optional<BranchKind> arrival;
  };
  struct ThreadDepth {
    int32_t tid = 0;
    int32_t depth = 0;
    uint64_t open = kNone;  // the thread's current segment, counted from the first ever opened
  };
  static constexpr uint64_t kNone = UINT64_MAX;
  ThreadDepth& threadOf(int32_t tid);
  void open(ThreadDepth& thread, uint64_t index, uint64_t pc, const PlaceEntry& place,
            std::optional<BranchKind> arrival);

  const PlaceTable& places_;
  std::vector<Segment> segments_;
  size_t base_ = 0;      // segments before it are hidden by dropBefore
  uint64_t erased_ = 0;  // segments given back from the front of segments_
  std::vector<ThreadDepth> threads_;
  int32_t minDepth_ = 0;
};

}  // namespace rwd
