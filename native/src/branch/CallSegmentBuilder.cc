// CallSegmentBuilder: a call opens a deeper segment, a return a shallower
// one, a signal a deeper one (the handler runs on top of the interrupted
// frame); reaching another function by a jump (tail call, PLT stub) opens a
// sibling. Every thread keeps its own depth and its own open segment.
#include "branch/CallSegmentBuilder.h"

#include <algorithm>

namespace rwd {

CallSegmentBuilder::ThreadDepth& CallSegmentBuilder::threadOf(int32_t tid) {
  for (auto& thread : threads_) {
    if (thread.tid == tid) return thread;
  }
  threads_.push_back({tid, 0, kNone});
  return threads_.back();
}

void CallSegmentBuilder::open(ThreadDepth& thread, uint64_t index, uint64_t pc, const PlaceEntry& place,
                              std::optional<BranchKind> arrival) {
  Segment segment;
  segment.start = index;
  segment.end = index;
  segment.entries = 1;
  segment.arrival = arrival;
  segment.entryAddress = pc;
  segment.function = place.function;
  segment.file = place.file;
  segment.depth = thread.depth;
  segment.tid = thread.tid;
  segment.minLine = place.line;
  segment.maxLine = place.line;
  thread.open = erased_ + segments_.size();
  segments_.push_back(segment);
  minDepth_ = std::min(minDepth_, thread.depth);
}

void CallSegmentBuilder::add(uint64_t index, int32_t tid, uint64_t pc, const PlaceEntry& place,
                             std::optional<BranchKind> arrival) {
  ThreadDepth& thread = threadOf(tid);
  const bool hasOpen = thread.open != kNone && thread.open >= erased_ + base_;
  if (arrival == BranchKind::Call || arrival == BranchKind::Signal) {
    ++thread.depth;
  } else if (arrival == BranchKind::Return) {
    --thread.depth;
  }
  const bool depthChanged =
      arrival == BranchKind::Call || arrival == BranchKind::Signal || arrival == BranchKind::Return;
  if (!hasOpen || depthChanged || segments_[thread.open - erased_].function != place.function) {
    open(thread, index, pc, place, arrival);
    return;
  }
  Segment& current = segments_[thread.open - erased_];
  current.end = index;
  ++current.entries;
  if (place.line > 0 && place.file == current.file) {
    if (current.minLine == 0 || place.line < current.minLine) current.minLine = place.line;
    current.maxLine = std::max(current.maxLine, place.line);
  }
}

void CallSegmentBuilder::clear() {
  segments_.clear();
  base_ = 0;
  erased_ = 0;
  threads_.clear();
  minDepth_ = 0;
}

void CallSegmentBuilder::dropBefore(uint64_t firstIndex) {
  while (base_ < segments_.size() && segments_[base_].end < firstIndex) ++base_;
  if (base_ > 65536 && base_ * 2 > segments_.size()) {
    segments_.erase(segments_.begin(), segments_.begin() + static_cast<std::ptrdiff_t>(base_));
    erased_ += base_;
    base_ = 0;
  }
}

FunctionSegment CallSegmentBuilder::at(uint64_t ordinal) const {
  const Segment& stored = segments_[base_ + ordinal];
  FunctionSegment segment;
  segment.startIndex = stored.start;
  segment.endIndex = stored.end;
  segment.depth = stored.depth;
  segment.tid = stored.tid;
  segment.function = places_.functionName(stored.function);
  segment.file = places_.fileName(stored.file);
  segment.startLine = stored.minLine;
  segment.endLine = stored.maxLine;
  segment.instructionCount = stored.entries;
  segment.arrival = stored.arrival;
  segment.entryAddress = stored.entryAddress;
  return segment;
}

uint64_t CallSegmentBuilder::ordinalAt(uint64_t index) const {
  auto begin = segments_.begin() + static_cast<std::ptrdiff_t>(base_);
  auto after = std::upper_bound(begin, segments_.end(), index,
                                [](uint64_t value, const Segment& segment) { return value < segment.start; });
  if (after == begin) return 0;
  // Threads take turns: the segment that holds the index may have started
  // a little before the last one that starts at or before it.
  for (auto candidate = after; candidate != begin && after - candidate < 256;) {
    --candidate;
    if (candidate->end >= index) return static_cast<uint64_t>(candidate - begin);
  }
  return static_cast<uint64_t>(after - begin) - 1;
}

}  // namespace rwd
