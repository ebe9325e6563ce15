// HistorySearch: lower-case substring tests on the interned names, then a
// scan of new segment or branch ordinals comparing ids.
#include "branch/HistorySearch.h"

#include <algorithm>
#include <cctype>

namespace rwd {

namespace {
std::string lowerCase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}
bool contains(const std::string& haystack, const std::string& lowerNeedle) {
  if (lowerNeedle.empty()) return true;
  return lowerCase(haystack).find(lowerNeedle) != std::string::npos;
}
}  // namespace

void HistorySearch::NameMatcher::reset(const std::string& query) {
  needle = lowerCase(query);
  functions.clear();
  files.clear();
}

void HistorySearch::NameMatcher::extend(const PlaceTable& places) {
  for (size_t id = functions.size(); id < places.functionCount(); ++id) {
    functions.push_back(contains(places.functionName(static_cast<uint32_t>(id)), needle));
  }
  for (size_t id = files.size(); id < places.fileCount(); ++id) {
    // The empty file (no line information) never matches a non-empty query.
    files.push_back(!needle.empty() && contains(places.fileName(static_cast<uint32_t>(id)), needle));
  }
}

void HistorySearch::restart(Cache& cache, BranchTraceProvider& provider, const std::string& query, uint32_t kindMask) {
  cache.provider = &provider;
  cache.query = query;
  cache.kindMask = kindMask;
  cache.firstIndex = provider.firstIndex();
  cache.scanned = 0;
  cache.matches.clear();
  cache.names.reset(query);
}

const std::vector<uint64_t>& HistorySearch::segments(BranchTraceProvider& provider, const std::string& query) {
  if (!segments_.fresh(provider, query, 0)) restart(segments_, provider, query, 0);
  const CallSegmentBuilder& all = provider.segments();
  segments_.names.extend(provider.places());
  // A segment's function and file are fixed when it opens (only its end
  // grows), so each is examined once.
  for (uint64_t ordinal = segments_.scanned; ordinal < all.size(); ++ordinal) {
    if (segments_.names.matches(all.functionIdAt(ordinal), all.fileIdAt(ordinal))) segments_.matches.push_back(ordinal);
  }
  segments_.scanned = all.size();
  return segments_.matches;
}

const std::vector<uint64_t>& HistorySearch::branches(BranchTraceProvider& provider, const std::string& query,
                                                     uint32_t kindMask) {
  if (!branches_.fresh(provider, query, kindMask)) restart(branches_, provider, query, kindMask);
  PlaceTable& places = provider.places();
  const uint64_t total = provider.branchCount();
  const bool anyName = query.empty();
  for (uint64_t ordinal = branches_.scanned; ordinal < total; ++ordinal) {
    const TakenBranch branch = provider.branchAt(ordinal);
    if (!(kindMask & (1u << static_cast<unsigned>(branch.kind)))) continue;
    if (!anyName) {
      const PlaceEntry from = places.at(branch.from);
      const PlaceEntry to = places.at(branch.to);
      branches_.names.extend(places);
      if (!branches_.names.matches(from) && !branches_.names.matches(to)) continue;
    }
    branches_.matches.push_back(ordinal);
  }
  branches_.scanned = total;
  return branches_.matches;
}

}  // namespace rwd
