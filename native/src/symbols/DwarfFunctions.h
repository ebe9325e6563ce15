// DwarfFunctions: the functions a module's DWARF describes — definitions
// (named by their qualified name: C++ and Rust namespaces and types,
// "inventory::value_of", "ns::Widget::resize"), and every inlined copy of
// a function (DW_TAG_inlined_subroutine) at the address the copy starts
// (its DW_AT_entry_pc, else its lowest address). One walk of every unit
// lists them all; FunctionIndex keeps that list per module.
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <functional>
#include <string>

namespace rwd {

class DwarfFunctions {
 public:
  struct Found {
    Dwarf_Die die;                  // the definition or the inlined copy (nameOf() names it)
    const char* ownName = nullptr;  // its function's own name ("value_of<i32>"), never null
    uint64_t address = 0;           // runtime address: entry of the definition or of the inlined copy
    bool inlined = false;
  };
  // Calls `onFound` for every named definition with code and every inlined
  // copy in `module`, unit by unit in the order of the DWARF.
  static void forEach(Dwfl_Module* module, const std::function<void(const Found&)>& onFound);
  // The name of the function an inlined copy (or a definition) stands for,
  // qualified ("ns::helper"); empty when it has none.
  static std::string nameOf(Dwarf_Die* function);
};

}  // namespace rwd
