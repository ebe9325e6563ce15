// CallSegmentBuilder: a call opens a deeper segment, a return a shallower
// one, a signal a deeper one (the handler runs on top of the interrupted
// frame); a thread switch or reaching another function by a jump (tail
// call, PLT stub) opens a sibling. Every thread keeps its own depth.
#include "branch/CallSegmentBuilder.h"

#include <algorithm>

namespace rwd {

int32_t& CallSegmentBuilder::depthOf(int32_t tid) {
  for (auto& thread : threads_) {
    if (thread.tid == tid) return thread.depth;
  }
  threads_.push_back({tid, 0});
  return threads_.back().depth;
}

void CallSegmentBuilder::open(uint64_t index, int32_t tid, uint64_t pc, const PlaceEntry& place, int32_t depth) {
  Segment segment;
  segment.start = index;
  segment.end = index;
  segment.entryAddress = pc;
  segment.function = place.function;
  segment.file = place.file;
  segment.depth = depth;
  segment.tid = tid;
  segment.minLine = place.line;
  segment.maxLine = place.line;
  segments_.push_back(segment);
  minDepth_ = std::min(minDepth_, depth);
}

void CallSegmentBuilder::add(uint64_t index, int32_t tid, uint64_t pc, const PlaceEntry& place,
                             std::optional<BranchKind> arrival) {
  int32_t& depth = depthOf(tid);
  if (segments_.size() == base_) {
    open(index, tid, pc, place, depth);
    return;
  }
  Segment& current = segments_.back();
  bool newSegment = current.tid != tid || current.function != place.function;
  if (arrival == BranchKind::Call || arrival == BranchKind::Signal) {
    ++depth;
    newSegment = true;
  } else if (arrival == BranchKind::Return) {
    --depth;
    newSegment = true;
  }
  if (newSegment) {
    open(index, tid, pc, place, depth);
    return;
  }
  current.end = index;
  if (place.line > 0 && place.file == current.file) {
    if (current.minLine == 0 || place.line < current.minLine) current.minLine = place.line;
    current.maxLine = std::max(current.maxLine, place.line);
  }
}

void CallSegmentBuilder::clear() {
  segments_.clear();
  base_ = 0;
  threads_.clear();
  minDepth_ = 0;
}

void CallSegmentBuilder::dropBefore(uint64_t firstIndex) {
  while (base_ < segments_.size() && segments_[base_].end < firstIndex) ++base_;
  if (base_ > 65536 && base_ * 2 > segments_.size()) {
    segments_.erase(segments_.begin(), segments_.begin() + static_cast<std::ptrdiff_t>(base_));
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
  segment.instructionCount = stored.end - stored.start + 1;
  segment.entryAddress = stored.entryAddress;
  return segment;
}

uint64_t CallSegmentBuilder::ordinalAt(uint64_t index) const {
  auto begin = segments_.begin() + static_cast<std::ptrdiff_t>(base_);
  auto after = std::upper_bound(begin, segments_.end(), index,
                                [](uint64_t value, const Segment& segment) { return value < segment.start; });
  if (after == begin) return 0;
  return static_cast<uint64_t>(after - begin) - 1;
}

}  // namespace rwd
