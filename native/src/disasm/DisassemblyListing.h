// DisassemblyListing: the rows of a disassembly view — exactly `count`
// instructions starting `instructionOffset` instructions from an address
// (negative: before it, found through InstructionBoundaries), each with its
// bytes, Intel-syntax text (direct calls and jumps name their target:
// "call 0x1139 <scale>"), symbol ("main+12") and source line. Memory that
// cannot be read gives "??" rows and bytes that are no instruction give
// "(bad)" rows, one byte each, so the row count never falls short.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "disasm/Disassembler.h"
#include "symbols/SymbolIndex.h"
#include "core/TargetAccess.h"

namespace rwd {

struct ListedInstruction {
  uint64_t address = 0;
  std::string bytes;   // hex, space-separated: "48 89 e5"
  std::string text;    // "mov rbp, rsp", "(bad)" or "??"
  bool valid = true;   // false for "(bad)" and "??" rows
  std::string symbol;  // "main+12"; empty when no symbol holds the address
  std::optional<SourceLocation> location;
};

class DisassemblyListing {
 public:
  // The most rows one request may ask for.
  static constexpr size_t kMaxCount = 100000;

  DisassemblyListing(TargetAccess& target, const SymbolIndex& symbols, const Disassembler& disassembler)
      : target_(target), symbols_(symbols), disassembler_(disassembler) {}

  std::vector<ListedInstruction> list(uint64_t address, int64_t instructionOffset, size_t count);

 private:
  // `count` rows decoded forward from `start`.
  std::vector<ListedInstruction> forward(uint64_t start, size_t count);
  // " <symbol+offset>" for a direct call or jump, else empty.
  std::string targetSymbol(const InstructionText& instruction) const;
  ListedInstruction placeholder(uint64_t address, bool readable, uint8_t byte) const;
  void annotate(ListedInstruction& row) const;

  TargetAccess& target_;
  const SymbolIndex& symbols_;
  const Disassembler& disassembler_;
};

}  // namespace rwd
