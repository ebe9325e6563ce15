// InlineChainCache: inlined-call chains by pc, looked up once each.
#include "symbols/InlineChainCache.h"

#include <algorithm>

#include "symbols/InlineFrames.h"

namespace rwd {

const std::vector<uint64_t>& InlineChainCache::chainAt(uint64_t pc) {
  auto known = chains_.find(pc);
  if (known == chains_.end()) known = chains_.emplace(pc, InlineFrames::chainAt(dwfl_, pc)).first;
  return known->second;
}

bool InlineChainCache::inlinedDeeper(uint64_t pc, const std::vector<uint64_t>& outer) {
  return InlineFrames::isInlinedInto(chainAt(pc), outer);
}

bool InlineChainCache::insideInlinedCall(uint64_t pc, uint64_t call) {
  const std::vector<uint64_t>& chain = chainAt(pc);
  return std::find(chain.begin(), chain.end(), call) != chain.end();
}

}  // namespace rwd
