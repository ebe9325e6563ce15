// DwarfFunctions: the functions a module's DWARF describes, found by name —
// definitions by their qualified name (C++ and Rust namespaces and types:
// "inventory::value_of", "ns::Widget::resize"), and every inlined copy of
// a function (DW_TAG_inlined_subroutine) at the address the copy starts
// (its DW_AT_entry_pc, else its lowest address).
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <functional>
#include <string>

namespace rwd {

class DwarfFunctions {
 public:
  struct Found {
    std::string name;  // qualified, without parameters
    uint64_t address = 0;  // runtime address: entry of the definition or of the inlined copy
    bool inlined = false;
  };
  // Calls `onFound` for every definition and inlined copy in `module` whose
  // own name is `baseName` (the last part of a qualified name, without
  // template arguments or parameters).
  static void find(Dwfl_Module* module, const std::string& baseName, const std::function<void(const Found&)>& onFound);
  // The name of the function an inlined copy (or a definition) stands for,
  // qualified ("ns::helper"); empty when it has none.
  static std::string nameOf(Dwarf_Die* function);
};

}  // namespace rwd
