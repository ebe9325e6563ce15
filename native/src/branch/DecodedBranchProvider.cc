// DecodedBranchProvider: each branch extends the current segment to its
// source and opens the next at its target, one index later.
#include "branch/DecodedBranchProvider.h"

#include <algorithm>

namespace rwd {

DecodedBranchProvider::DecodedBranchProvider(std::string description, SourceLocator& locator,
                                             std::function<std::vector<TakenBranch>()> pull)
    : description_(std::move(description)), places_(locator), segments_(places_), pull_(std::move(pull)) {}

void DecodedBranchProvider::update() {
  for (const TakenBranch& branch : pull_()) {
    if (!branches_.empty() && branch.index < branches_.back().index) continue;  // out of order: a decoder bug, dropped
    if (branch.kind != BranchKind::ThreadSwitch) {
      segments_.add(branch.index, branch.tid, branch.from, places_.at(branch.from), std::nullopt);
    }
    segments_.add(branch.index + 1, branch.tid, branch.to, places_.at(branch.to), branch.kind);
    if (MarkerIndex::tracks(branch.kind)) markers_.add(branch.kind, branch.index);
    branches_.push_back(branch);
    end_ = std::max(end_, branch.index + 2);
  }
}

uint64_t DecodedBranchProvider::branchOrdinalAt(uint64_t index) const {
  auto found = std::lower_bound(branches_.begin(), branches_.end(), index,
                                [](const TakenBranch& branch, uint64_t value) { return branch.index < value; });
  return static_cast<uint64_t>(found - branches_.begin());
}

}  // namespace rwd
