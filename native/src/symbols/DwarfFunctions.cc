// DwarfFunctions: a walk of each unit's namespaces, types and function
// bodies for every definition and inlined copy of a function.
#include "symbols/DwarfFunctions.h"

#include <dwarf.h>
#include <elfutils/libdw.h>

#include <optional>

#include "symbols/DieTree.h"

namespace rwd {

namespace {

constexpr int kMaxDepth = 64;

struct Walk {
  const std::function<void(const DwarfFunctions::Found&)>* onFound;
  Dwarf_Addr bias = 0;
};

// The function a DIE stands for: an inlined copy's or a concrete copy's
// abstract origin, else the DIE itself.
Dwarf_Die originOf(Dwarf_Die* die) {
  Dwarf_Attribute attribute;
  Dwarf_Die origin;
  if (dwarf_attr(die, DW_AT_abstract_origin, &attribute) && dwarf_formref_die(&attribute, &origin)) return origin;
  return *die;
}

std::optional<uint64_t> lowestAddress(Dwarf_Die* die) {
  Dwarf_Addr base = 0, start = 0, end = 0;
  std::optional<uint64_t> lowest;
  ptrdiff_t offset = 0;
  while ((offset = dwarf_ranges(die, offset, &base, &start, &end)) > 0) {
    if (end > start && (!lowest || start < *lowest)) lowest = start;
  }
  return lowest;
}

void report(Walk& walk, Dwarf_Die* die, bool inlined) {
  Dwarf_Die origin = originOf(die);
  const char* name = dwarf_diename(&origin);  // follows DW_AT_specification
  if (!name) return;
  std::optional<uint64_t> address;
  Dwarf_Addr entry = 0;
  if (inlined && dwarf_entrypc(die, &entry) == 0) address = entry;
  else if (!inlined && dwarf_lowpc(die, &entry) == 0) address = entry;
  if (!address) address = lowestAddress(die);
  // Code the linker dropped keeps address 0.
  if (!address || *address == 0) return;
  (*walk.onFound)({*die, name, *address + walk.bias, inlined});
}

// Inlined copies anywhere in a function body.
void walkBody(Walk& walk, Dwarf_Die* scope, int depth) {
  if (depth > kMaxDepth) return;
  Dwarf_Die child;
  if (dwarf_child(scope, &child) != 0) return;
  do {
    const int tag = dwarf_tag(&child);
    if (tag == DW_TAG_inlined_subroutine) report(walk, &child, true);
    if (tag == DW_TAG_inlined_subroutine || tag == DW_TAG_lexical_block || tag == DW_TAG_try_block ||
        tag == DW_TAG_catch_block) {
      walkBody(walk, &child, depth + 1);
    }
  } while (dwarf_siblingof(&child, &child) == 0);
}

void walkScope(Walk& walk, Dwarf_Die* scope, int depth) {
  if (depth > kMaxDepth) return;
  Dwarf_Die child;
  if (dwarf_child(scope, &child) != 0) return;
  do {
    switch (dwarf_tag(&child)) {
      case DW_TAG_subprogram:
        if (dwarf_hasattr(&child, DW_AT_low_pc) || dwarf_hasattr(&child, DW_AT_ranges)) {
          report(walk, &child, false);
          walkBody(walk, &child, depth + 1);
        }
        break;
      case DW_TAG_namespace:
      case DW_TAG_module:
      case DW_TAG_structure_type:
      case DW_TAG_class_type:
      case DW_TAG_union_type:
        walkScope(walk, &child, depth + 1);
        break;
      default:
        break;
    }
  } while (dwarf_siblingof(&child, &child) == 0);
}

}  // namespace

void DwarfFunctions::forEach(Dwfl_Module* module, const std::function<void(const Found&)>& onFound) {
  Walk walk{&onFound};
  Dwarf_Addr bias = 0;
  if (!dwfl_module_getdwarf(module, &bias)) return;
  walk.bias = bias;
  Dwarf_Die* unit = nullptr;
  while ((unit = dwfl_module_nextcu(module, unit, &bias)) != nullptr) walkScope(walk, unit, 0);
}

std::string DwarfFunctions::nameOf(Dwarf_Die* function) {
  Dwarf_Die origin = originOf(function);
  if (!dwarf_diename(&origin)) return {};
  return DieTree::qualifiedName(&origin);  // follows DW_AT_specification
}

}  // namespace rwd
