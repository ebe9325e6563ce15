// CodeSiteTable: reads up to 15 bytes of code for a new address, classifies
// them with Capstone and asks the PlaceTable where they are.
#include "branch/CodeSiteTable.h"

namespace rwd {

CodeSiteTable::CodeSiteTable(CodeReader& code, PlaceTable& places) : code_(code), places_(places) {
  sites_.reserve(4096);
}

CodeSite& CodeSiteTable::at(uint64_t address) {
  auto found = sites_.find(address);
  if (found != sites_.end()) return found->second;
  CodeSite site;
  uint8_t bytes[15];
  size_t got = code_.readCode(address, bytes, sizeof bytes);
  if (got > 0) site.shape = classifier_.classify(bytes, got, address);
  site.place = places_.at(address);
  return sites_.emplace(address, site).first->second;
}

void CodeSiteTable::forEach(const std::function<void(uint64_t address, const CodeSite& site)>& visit) const {
  for (const auto& [address, site] : sites_) visit(address, site);
}

void CodeSiteTable::resetCounts() {
  for (auto& [address, site] : sites_) {
    site.executions = 0;
    site.taken = 0;
    site.notTaken = 0;
  }
}

}  // namespace rwd
