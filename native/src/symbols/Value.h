// Value: a typed piece of the debuggee's state as the variable code sees
// it — a DWARF type (or a plain scalar type for computed results), where
// the bytes are (memory, bytes already fetched, or nowhere) and the frame
// whose registers and frame base gave it meaning.
#pragma once

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include <cstdint>
#include <memory>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "symbols/Unwinder.h"

namespace rwd {

// What the variable code knows about one frame: its registers and CFA,
// its module, compile unit and the DWARF scopes around its pc.
struct FrameContext {
  Frame frame;
  Dwfl* dwfl = nullptr;
  Dwfl_Module* module = nullptr;
  uint64_t bias = 0;  // module load bias (DWARF address + bias = runtime)
  bool hasUnit = false;
  Dwarf_Die unit{};
  std::vector<Dwarf_Die> scopes;  // innermost first, from dwarf_getscopes
  int functionScope = -1;         // innermost subprogram or inlined subroutine
  int frameBaseScope = -1;        // the subprogram that holds DW_AT_frame_base
  // The parameters and locals visible at the pc by name (an inner block's
  // shadowing the outer ones), built on the first lookup of a name: a
  // frame with thousands of locals looks each name up at once.
  mutable std::shared_ptr<const std::unordered_map<std::string, Dwarf_Die>> localsByName;
};

struct TypeRef {
  enum class Scalar { None, Signed, Unsigned, Float, Bool };
  bool valid = false;  // false: void or unknown
  Dwarf_Die die{};
  int dimension = 0;             // for an array type: the first subrange still in use
  Scalar scalar = Scalar::None;  // a computed result with no DWARF type
  int scalarSize = 0;
  int pointerLevel = 0;  // > 0: a pointer to this type made by `&` (no DIE exists)
  // > 0: gdb's artificial array `x@n`, this many elements of the type
  // below (no DIE exists); a pointerLevel applies outside it.
  uint64_t artificialCount = 0;
  // gdb's nested artificial arrays `x@m@n`: the counts of the artificial
  // arrays inside the one above, outermost first (`x@m@n`: {m}).
  std::vector<uint64_t> innerArtificialCounts;

  static TypeRef of(const Dwarf_Die& die) {
    TypeRef type;
    type.valid = true;
    type.die = die;
    return type;
  }
  static TypeRef computed(Scalar kind, int size) {
    TypeRef type;
    type.scalar = kind;
    type.scalarSize = size;
    return type;
  }
  bool isComputed() const { return scalar != Scalar::None; }
  // A type Rewind made up (a pointer by `&`, an artificial array): `die` is not its own.
  bool isMadeUp() const { return pointerLevel > 0 || artificialCount > 0; }
  // `count` elements of `element` (an artificial array itself for `x@m@n`).
  static TypeRef arrayOf(const TypeRef& element, uint64_t count) {
    TypeRef type = element;
    if (element.pointerLevel == 0 && element.artificialCount > 0)
      type.innerArtificialCounts.insert(type.innerArtificialCounts.begin(), element.artificialCount);
    type.artificialCount = count;
    return type;
  }
  static TypeRef pointerTo(const TypeRef& target) {
    TypeRef type = target;
    ++type.pointerLevel;
    return type;
  }
};

struct Value {
  enum class Kind { Memory, Bytes, Unavailable };
  TypeRef type;
  Kind kind = Kind::Unavailable;
  uint64_t address = 0;                                // Memory: where the value starts
  std::vector<uint8_t> bytes;                          // Bytes: the value's bytes
  std::vector<std::pair<uint32_t, uint32_t>> missing;  // Bytes: [from, to) not available
  std::string problem = "optimized out";               // Unavailable: why
  uint16_t bitOffset = 0;                              // bit-fields: first bit (from the least significant)
  uint16_t bitSize = 0;                                // 0: not a bit-field
  int registerNumber = -1;  // Bytes: the DWARF register that holds the whole value (-1: none)
  bool raw = false;         // shown as its own structure, never by a type formatter ("[raw]")
  std::shared_ptr<const FrameContext> frame;

  static Value unavailable(TypeRef type, std::string why) {
    Value value;
    value.type = type;
    value.problem = std::move(why);
    return value;
  }
  static Value inMemory(TypeRef type, uint64_t address, std::shared_ptr<const FrameContext> frame) {
    Value value;
    value.type = type;
    value.kind = Kind::Memory;
    value.address = address;
    value.frame = std::move(frame);
    return value;
  }
  static Value ofBytes(TypeRef type, std::vector<uint8_t> bytes, std::shared_ptr<const FrameContext> frame) {
    Value value;
    value.type = type;
    value.kind = Kind::Bytes;
    value.bytes = std::move(bytes);
    value.frame = std::move(frame);
    return value;
  }
};

}  // namespace rwd
