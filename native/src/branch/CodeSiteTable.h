// CodeSiteTable: everything the recorded-history provider keeps per code
// address, found with one hash lookup per executed instruction — the
// instruction's shape (length, how it moves control), its source place, how
// often it ran and, for a conditional jump, how often it was taken and not.
// These counts are the per-line execution counts and per-branch-site
// statistics shown as editor decorations.
#pragma once

#include <cstdint>
#include <functional>
#include <unordered_map>

#include "branch/BranchClassifier.h"
#include "branch/CodeReader.h"
#include "branch/PlaceTable.h"

namespace rwd {

struct CodeSite {
  InstructionShape shape;
  PlaceEntry place;
  uint64_t executions = 0;
  uint64_t taken = 0;  // conditional jumps only
  uint64_t notTaken = 0;
};

class CodeSiteTable {
 public:
  CodeSiteTable(CodeReader& code, PlaceTable& places);

  // The site at `address`, decoded and located on first use. References stay
  // valid for the table's life (the map's nodes never move).
  CodeSite& at(uint64_t address);
  void forEach(const std::function<void(uint64_t address, const CodeSite& site)>& visit) const;
  size_t size() const { return sites_.size(); }
  // Counts back to zero (the history was restarted); shapes and places stay.
  void resetCounts();

 private:
  CodeReader& code_;
  PlaceTable& places_;
  BranchClassifier classifier_;
  std::unordered_map<uint64_t, CodeSite> sites_;
};

}  // namespace rwd
