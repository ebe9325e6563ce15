// ValueNavigator: reading and walking Values — the bytes of a value
// (memory through the page cache, fetched bytes, bit-fields), scalars as
// numbers, struct members, array elements, pointer targets, and the
// children a variables view shows under a value.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "symbols/DwarfType.h"
#include "symbols/MemoryCache.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Value.h"

namespace rwd {

class ValueNavigator {
 public:
  struct Child {
    std::string name;
    Value value;
  };

  ValueNavigator(SymbolIndex& symbols, MemoryCache& memory) : symbols_(symbols), memory_(memory) {}
  MemoryCache& memory() { return memory_; }

  // The value's bytes (`size` of them); on failure `problem` says why
  // ("optimized out", "unreadable 0x1000").
  std::optional<std::vector<uint8_t>> read(const Value& value, size_t size, std::string* problem);
  // Scalars (integers, enums, pointers, bools, characters, bit-fields).
  std::optional<uint64_t> readUnsigned(const Value& value, std::string* problem);
  std::optional<int64_t> readSigned(const Value& value, std::string* problem);
  // Floating-point values of 4, 8 or 10/16 bytes (x87 extended).
  std::optional<long double> readFloat(const Value& value, std::string* problem);
  // A NUL-terminated string of at most `limit` bytes; `complete` tells
  // whether the NUL was found.
  std::optional<std::string> readCString(uint64_t address, size_t limit, bool* complete);

  std::optional<uint64_t> sizeOf(const Value& value);
  // The value's type name; variable-length arrays with their length ("int [4]").
  std::string typeName(const Value& value);
  std::optional<uint64_t> arrayCount(const Value& array);
  Value element(const Value& array, uint64_t index);
  // The target of a pointer (element `index` of it) or of a reference.
  Value dereference(const Value& pointer, int64_t index = 0);
  Value memberValue(const Value& aggregate, Dwarf_Die* member);
  // A member by name, looking into anonymous structs and unions and bases.
  std::optional<Value> member(const Value& aggregate, const std::string& name);
  static std::string memberName(Dwarf_Die* member);

  // What a variables view shows under `value`, called `name`.
  int64_t indexedChildCount(const Value& value);
  int64_t namedChildCount(const Value& value);
  std::vector<Child> children(const Value& value, const std::string& name, int64_t start, int64_t count);
  // A pointer whose target can be shown as a child.
  bool canDereference(const Value& pointer);

 private:
  Value slice(const Value& parent, const TypeRef& type, uint64_t offset, uint64_t size);
  DwarfType::BoundEvaluator boundsFor(const Value& value);

  SymbolIndex& symbols_;
  MemoryCache& memory_;
};

}  // namespace rwd
