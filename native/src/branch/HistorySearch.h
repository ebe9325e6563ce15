// HistorySearch: the server-side search of the branch history panel. A
// query (a piece of a function name or of a file path, case-insensitive)
// selects call-history segments by their function or file, and branches by
// the function or file of their source or target; a kind filter selects
// branches by kind. Results are lists of ordinals, extended incrementally
// as the history grows, so paging through matches is O(page) after the
// first search. Names are compared once per interned function or file,
// not once per segment.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "branch/BranchTraceProvider.h"

namespace rwd {

class HistorySearch {
 public:
  // Ordinals of the segments whose function or file contains `query`.
  const std::vector<uint64_t>& segments(BranchTraceProvider& provider, const std::string& query);
  // Ordinals of the branches of a kind in `kindMask` (bit per BranchKind)
  // whose source or target function or file contains `query` (empty: any).
  const std::vector<uint64_t>& branches(BranchTraceProvider& provider, const std::string& query, uint32_t kindMask);

 private:
  // Which interned function and file ids match the query, grown with the tables.
  struct NameMatcher {
    std::string needle;  // lower case
    std::vector<char> functions;
    std::vector<char> files;
    void reset(const std::string& query);
    void extend(const PlaceTable& places);
    bool matches(const PlaceEntry& place) const { return functions[place.function] || files[place.file]; }
    bool matches(uint32_t function, uint32_t file) const { return functions[function] || files[file]; }
  };
  struct Cache {
    const BranchTraceProvider* provider = nullptr;
    std::string query;
    uint32_t kindMask = 0;
    uint64_t firstIndex = 0;
    uint64_t scanned = 0;  // ordinals [0, scanned) were examined
    std::vector<uint64_t> matches;
    NameMatcher names;
    bool fresh(const BranchTraceProvider& p, const std::string& q, uint32_t mask) const {
      return provider == &p && query == q && kindMask == mask && firstIndex == p.firstIndex();
    }
  };
  static void restart(Cache& cache, BranchTraceProvider& provider, const std::string& query, uint32_t kindMask);

  Cache segments_;
  Cache branches_;
};

}  // namespace rwd
