// BranchTraceProvider: the one interface behind which every source of
// branch history sits — the recorder's instruction history
// (RecordedBranchProvider) and hardware traces decoded from Intel BTS or
// Intel PT (DecodedBranchProvider). Each keeps an index built once and
// extended as the trace grows (update()), so that a page of branches or of
// call-history segments costs O(page), never O(trace).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "branch/BranchTypes.h"
#include "branch/CallSegmentBuilder.h"
#include "branch/CodeSiteTable.h"
#include "branch/MarkerIndex.h"
#include "branch/PlaceTable.h"

namespace rwd {

class BranchTraceProvider {
 public:
  virtual ~BranchTraceProvider() = default;

  // Where the branches come from, for messages ("recorded history", "Intel PT").
  virtual std::string description() const = 0;
  // Extends the index with trace that arrived since the last call.
  virtual void update() = 0;

  // The index space: instructions [firstIndex, endIndex) (for Intel BTS,
  // which records no instructions in between, blocks between branches).
  virtual uint64_t firstIndex() const = 0;
  virtual uint64_t endIndex() const = 0;

  // Taken branches in history order; ordinal 0 is the oldest one kept.
  virtual uint64_t branchCount() const = 0;
  virtual TakenBranch branchAt(uint64_t ordinal) const = 0;
  // Ordinal of the first branch at or after instruction `index`
  // (branchCount() when none is).
  virtual uint64_t branchOrdinalAt(uint64_t index) const = 0;

  // The function-call history.
  virtual const CallSegmentBuilder& segments() const = 0;
  // Source places of addresses (shared by branches and segments).
  virtual PlaceTable& places() = 0;
  // Rare events for the timeline (system calls, signals, thread switches).
  virtual const MarkerIndex& markers() const = 0;
  // Per-address execution and branch counts, when the source has every
  // instruction (the recorded history); nullptr otherwise.
  virtual const CodeSiteTable* codeSites() const { return nullptr; }

  // A page of branches: [start, start + count) clipped to what exists.
  std::vector<TakenBranch> branches(uint64_t start, uint64_t count) const {
    std::vector<TakenBranch> page;
    const uint64_t total = branchCount();
    for (uint64_t ordinal = start; ordinal < total && ordinal - start < count; ++ordinal)
      page.push_back(branchAt(ordinal));
    return page;
  }
  // A page of call-history segments.
  std::vector<FunctionSegment> segmentPage(uint64_t start, uint64_t count) const {
    std::vector<FunctionSegment> page;
    const auto& all = segments();
    for (uint64_t ordinal = start; ordinal < all.size() && ordinal - start < count; ++ordinal)
      page.push_back(all.at(ordinal));
    return page;
  }
};

}  // namespace rwd
