// DecodedBranchProvider: branch history from a hardware trace (Intel BTS or
// Intel PT) once decoded into taken branches. update() pulls what the
// source decoded since the last call and extends the same kind of index the
// recorded provider keeps: branches in order, call segments (from each
// branch's target to the next branch's source), timeline markers.
// For Intel PT the indices are instruction counts; Intel BTS records only
// branches, so there index k is the straight-line block after branch k-1.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "branch/BranchTraceProvider.h"
#include "branch/SourceLocator.h"

namespace rwd {

class DecodedBranchProvider : public BranchTraceProvider {
 public:
  // `pull` returns the branches decoded since its last call (in order).
  DecodedBranchProvider(std::string description, SourceLocator& locator,
                        std::function<std::vector<TakenBranch>()> pull);

  std::string description() const override { return description_; }
  void update() override;
  uint64_t firstIndex() const override { return branches_.empty() ? 0 : branches_.front().index; }
  uint64_t endIndex() const override { return end_; }
  uint64_t branchCount() const override { return branches_.size(); }
  TakenBranch branchAt(uint64_t ordinal) const override { return branches_[ordinal]; }
  uint64_t branchOrdinalAt(uint64_t index) const override;
  const CallSegmentBuilder& segments() const override { return segments_; }
  PlaceTable& places() override { return places_; }
  const MarkerIndex& markers() const override { return markers_; }

 private:
  std::string description_;
  PlaceTable places_;
  CallSegmentBuilder segments_;
  MarkerIndex markers_;
  std::function<std::vector<TakenBranch>()> pull_;
  std::vector<TakenBranch> branches_;
  uint64_t end_ = 0;
};

}  // namespace rwd
