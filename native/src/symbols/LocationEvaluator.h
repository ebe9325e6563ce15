// LocationEvaluator: the DWARF expression stack machine. Turns the Dwarf_Op
// arrays libdw hands out (DW_AT_location, DW_AT_frame_base, CFA rules,
// array bounds) into a location — memory, a register, a computed value,
// implicit bytes, or pieces of those — for one frame's registers.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "symbols/MemoryCache.h"
#include "symbols/Unwinder.h"

namespace rwd {

struct LocationPiece {
  enum class Kind { Memory, Register, Value, Bytes, Unavailable };
  Kind kind = Kind::Unavailable;
  uint64_t address = 0;        // Memory
  int registerNumber = 0;      // Register (DWARF number)
  uint64_t value = 0;          // Value (DW_OP_stack_value)
  std::vector<uint8_t> bytes;  // Bytes (DW_OP_implicit_value)
  uint64_t size = 0;           // bytes covered (DW_OP_piece); 0: the whole object
};

struct Location {
  std::vector<LocationPiece> pieces;  // empty: not available
  std::string problem;                // why not available, e.g. "optimized out"
  bool available() const { return !pieces.empty(); }
};

struct ExpressionContext {
  const FrameRegisters* registers = nullptr;
  std::optional<uint64_t> cfa;
  uint64_t bias = 0;                                   // load bias of the module, added to DW_OP_addr
  std::function<std::optional<uint64_t>()> frameBase;  // for DW_OP_fbreg
  MemoryCache* memory = nullptr;                       // for DW_OP_deref
  Dwarf_Attribute* attribute = nullptr;                // owner of the ops (implicit values)
};

class LocationEvaluator {
 public:
  static Location evaluate(const Dwarf_Op* ops, size_t count, const ExpressionContext& context);
  // For expressions that compute a number (CFA rules, DW_AT_frame_base,
  // bounds): a memory location's address, a register's value, or the
  // computed value.
  static std::optional<uint64_t> evaluateNumber(const Dwarf_Op* ops, size_t count, const ExpressionContext& context);
  // Reads the value of a register in a frame, when the frame knows it.
  static std::optional<uint64_t> registerValue(const FrameRegisters* registers, int number);
};

}  // namespace rwd
