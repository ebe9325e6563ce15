// InlineChainCache: the inlined calls that hold each pc
// (InlineFrames::chainAt), looked up once per pc. Travels through the
// recorded history ask it for thousands of steps, most at the same few pcs,
// to treat code the compiler inlined as a call, as the live steps do.
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <unordered_map>
#include <vector>

namespace rwd {

class InlineChainCache {
 public:
  explicit InlineChainCache(Dwfl* dwfl) : dwfl_(dwfl) {}

  // The inlined copies that hold `pc`, innermost first, as DIE offsets.
  const std::vector<uint64_t>& chainAt(uint64_t pc);
  // Whether `pc` is in code inlined deeper into the place whose inlined
  // calls are `outer` (in the same machine frame).
  bool inlinedDeeper(uint64_t pc, const std::vector<uint64_t>& outer);
  // Whether `pc` is inside the inlined call `call` (a DIE offset of a chain).
  bool insideInlinedCall(uint64_t pc, uint64_t call);

 private:
  Dwfl* dwfl_;
  std::unordered_map<uint64_t, std::vector<uint64_t>> chains_;
};

}  // namespace rwd
