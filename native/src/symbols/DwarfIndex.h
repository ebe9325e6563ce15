// DwarfIndex: names at file and namespace scope across every loaded module
// — global and static variables (with C++ static data members and the
// statics of functions, as "Class::member" and "function::name") and named
// types (base types, typedefs, structs, classes, unions, enums) — built per
// module on first use, so that evaluate finds a global of any module and
// casts find a type by name without walking every unit each time; and
// Rust's vtables (`<T as Trait>::{vtable}`) by address, which name the
// concrete type behind a trait object.
// clear() must run when the loaded modules change.
#pragma once

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include <optional>
#include <string>
#include <unordered_map>

#include "symbols/SymbolIndex.h"

namespace rwd {

struct IndexedDie {
  Dwarf_Die die;
  Dwfl_Module* module = nullptr;  // where it was found (its load bias applies)
  Dwarf_Die owner{};              // enumerators: their enumeration type
};

class DwarfIndex {
 public:
  explicit DwarfIndex(SymbolIndex& symbols) : symbols_(symbols) {}
  // A variable by qualified name, in `preferred` first, then in every module.
  std::optional<IndexedDie> variable(const std::string& name, Dwfl_Module* preferred);
  // The definition of a static data member from its in-class declaration.
  std::optional<IndexedDie> definitionOf(Dwarf_Die* declaration);
  // A type by name ("unsigned long", "geo::Point", "struct point",
  // "std::vector<int, std::allocator<int> >"), `preferred` module first.
  std::optional<IndexedDie> type(const std::string& name, Dwfl_Module* preferred);
  // An enumerator ("GREEN", "geo::Color::Red"), with its enumeration type as `owner`.
  std::optional<IndexedDie> enumerator(const std::string& name, Dwfl_Module* preferred);
  // The concrete type T whose `<T as Trait>::{vtable}` is at the run-time
  // address `vtable` (its DW_AT_containing_type); nullopt when no vtable is there.
  std::optional<IndexedDie> vtableOwner(uint64_t vtable);
  void clear() { modules_.clear(); }

  // Spacing as the index keeps it: none except between two identifier characters.
  static std::string normalize(const std::string& name);

 private:
  struct ModuleNames {
    std::unordered_map<std::string, Dwarf_Die> variables;
    std::unordered_map<std::string, Dwarf_Die> types;
    std::unordered_map<const void*, Dwarf_Die> definitions;                        // declaration DIE → definition
    std::unordered_map<std::string, std::pair<Dwarf_Die, Dwarf_Die>> enumerators;  // → (enumeration, enumerator)
    std::unordered_map<uint64_t, Dwarf_Die> vtableOwners;  // a vtable's DWARF address → its concrete type
  };
  ModuleNames& namesOf(Dwfl_Module* module);
  static void collect(Dwarf_Die* parent, const std::string& prefix, ModuleNames& names, int depth);
  static void addVtable(Dwarf_Die* variable, ModuleNames& names);
  static void addType(Dwarf_Die* die, const std::string& name, ModuleNames& names);
  template <typename Lookup>
  std::optional<IndexedDie> search(Dwfl_Module* preferred, const Lookup& lookup);

  SymbolIndex& symbols_;
  std::unordered_map<Dwfl_Module*, ModuleNames> modules_;
};

}  // namespace rwd
