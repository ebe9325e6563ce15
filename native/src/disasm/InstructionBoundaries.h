// InstructionBoundaries: where the instructions before an address start.
// x86 code cannot be decoded backward, so it is decoded forward from a
// known boundary at or before the target — the start of the function that
// holds it (or, in a long function, the start of its line-table row) — and
// the walk is kept only when it lands exactly on the target. Between
// functions (padding) the previous function's start is used; where no
// symbol helps, a short window before the target is tried from its first
// byte on until a walk lands on the target. Code is read with breakpoint
// bytes hidden.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "disasm/Disassembler.h"
#include "symbols/SymbolIndex.h"
#include "core/TargetAccess.h"

namespace rwd {

class InstructionBoundaries {
 public:
  InstructionBoundaries(TargetAccess& target, const SymbolIndex& symbols, const Disassembler& disassembler)
      : target_(target), symbols_(symbols), disassembler_(disassembler) {}

  // Start addresses of up to `count` instructions that end at `address`,
  // in ascending order; fewer (possibly none) when no boundary leads there.
  std::vector<uint64_t> before(uint64_t address, size_t count);

 private:
  // A boundary at or before `address - 1` that symbols vouch for.
  std::optional<uint64_t> anchorBefore(uint64_t address) const;
  // Starts of the instructions from `from` to `to`, when they end exactly at `to`.
  std::optional<std::vector<uint64_t>> walk(uint64_t from, uint64_t to);
  // Without symbols: the longest walk from a byte shortly before `to`.
  std::optional<std::vector<uint64_t>> guess(uint64_t to);

  TargetAccess& target_;
  const SymbolIndex& symbols_;
  const Disassembler& disassembler_;
};

}  // namespace rwd
