// DwarfType: questions about DWARF type DIEs — what a typedef or qualifier
// stands for (each chain followed once and remembered), sizes, array
// dimensions, members, pointees — and the C-style name of a type as it was
// declared ("const char *", "int [2][3]", "point_t", "int (*)(int)").
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "symbols/Value.h"

namespace rwd {

class DwarfType {
 public:
  // Evaluates a non-constant array bound (a VLA): the attribute holds an
  // expression or names the variable with the bound.
  using BoundEvaluator = std::function<std::optional<uint64_t>(Dwarf_Attribute*)>;

  // The type named by DW_AT_type of `die` (through abstract origins and
  // specifications); an invalid TypeRef means void.
  static TypeRef typeOf(Dwarf_Die* die);
  // The type without typedefs and qualifiers (arrays keep their dimension).
  static TypeRef strip(const TypeRef& type);
  // Forgets what strip() remembered (the loaded modules changed).
  static void forgetTypes();
  // Tag of the stripped type; 0 for void and computed scalars.
  static int tag(const TypeRef& type);
  static std::optional<uint64_t> size(const TypeRef& type, const BoundEvaluator* bounds = nullptr);
  // C++ and Rust names are qualified by namespace and class ("geo::Rect").
  static std::string name(const TypeRef& type);
  // With `bounds`, variable-length arrays show their length ("int [4]").
  static std::string name(const TypeRef& type, const BoundEvaluator* bounds);

  // Base types: the DW_ATE_* encoding (computed scalars map to one too).
  static int encoding(const TypeRef& type);
  // A one-byte character type (char, signed char, unsigned char, int8_t).
  static bool isCharacter(const TypeRef& type);
  // Only `char` itself: arrays and pointers of it read as strings.
  static bool isPlainChar(const TypeRef& type);

  // Arrays (a stripped array type): elements of the first dimension in
  // use, nullopt when unknown; the type of one element.
  static std::optional<uint64_t> arrayCount(const TypeRef& array, const BoundEvaluator* bounds = nullptr);
  static TypeRef elementOf(const TypeRef& array);
  // Pointers and references: the type pointed to.
  static TypeRef pointee(const TypeRef& pointer);
  // Structs, unions and classes: data members and base classes in order
  // (for a Rust enum: the discriminant and the member of every variant).
  static std::vector<Dwarf_Die> members(const TypeRef& aggregate);
  // Whether the aggregate is only declared here (an incomplete type).
  static bool isDeclaration(const TypeRef& type);
  // Enumerations: the enumerator whose value is `value`.
  static std::optional<std::string> enumeratorName(const TypeRef& enumeration, int64_t value);
  static bool isSignedEnumeration(const TypeRef& enumeration);

 private:
  static std::vector<Dwarf_Die> subranges(Dwarf_Die* array);
  static std::string declarator(const TypeRef& type, const std::string& inner, const BoundEvaluator* bounds);
  static bool usesCKeywords(Dwarf_Die* die);
};

}  // namespace rwd
