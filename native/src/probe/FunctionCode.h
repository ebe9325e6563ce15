// FunctionCode: the machine code of the function around a place in a
// module file, read from the ELF file itself: the function's bounds from
// its symbol, the code of its split-off parts (`name.cold`, `name.part.N`:
// GCC jumps between them and the function), and whether its frame
// description (.eh_frame FDE) names exception landing pads (an LSDA), which
// the unwinder enters without any jump in the code.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "probe/ProbeSite.h"

namespace rwd {

struct CodeRegion {
  uint64_t start = 0;  // link-time address
  std::vector<uint8_t> bytes;
};

struct FunctionCode {
  std::string name;
  uint64_t entry = 0;               // link-time address of the function's first instruction
  uint64_t target = 0;              // link-time address of the place asked about
  std::vector<CodeRegion> regions;  // the function first, then its parts
  bool hasLandingPads = false;

  // The function around `site`; nullopt with `why` when no symbol bounds
  // it or its file cannot be read.
  static std::optional<FunctionCode> around(const ProbeSite& site, std::string& why);
  // The site of the instruction at link-time address `address`, in the
  // same mapping as `site` (which is at link-time address `target`).
  ProbeSite siteOf(const ProbeSite& site, uint64_t address) const;

 private:
  struct Section {
    uint64_t address = 0, offset = 0, size = 0;
  };
  std::vector<Section> sections_;  // the executable ones
};

}  // namespace rwd
