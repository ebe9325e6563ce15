// LineBlocks: one breakpoint address per line and block, through libdw scopes.
#include "symbols/LineBlocks.h"

#include <dwarf.h>
#include <elfutils/libdw.h>

#include <algorithm>
#include <cstdlib>
#include <optional>
#include <set>
#include <utility>

namespace rwd {

namespace {

// A lexical block is a block of its own only when it declares something
// (gdb folds the others into the scope around them).
bool declaresSomething(Dwarf_Die* block) {
  Dwarf_Die child;
  if (dwarf_child(block, &child) != 0) return false;
  do {
    switch (dwarf_tag(&child)) {
      case DW_TAG_lexical_block:
      case DW_TAG_inlined_subroutine:
      case DW_TAG_call_site:
      case DW_TAG_GNU_call_site:
        continue;
      default:
        return true;
    }
  } while (dwarf_siblingof(&child, &child) == 0);
  return false;
}

bool isBlock(Dwarf_Die* scope) {
  switch (dwarf_tag(scope)) {
    case DW_TAG_subprogram:
    case DW_TAG_inlined_subroutine:
    case DW_TAG_entry_point:
      return true;
    case DW_TAG_lexical_block:
    case DW_TAG_try_block:
    case DW_TAG_catch_block:
    case DW_TAG_with_stmt:
      return declaresSomething(scope);
    default:
      return false;  // the unit itself: no block
  }
}

// The innermost block holding `pc`: its module and DIE offset.
std::optional<std::pair<Dwfl_Module*, Dwarf_Off>> blockAt(Dwfl* dwfl, uint64_t pc) {
  Dwfl_Module* module = dwfl_addrmodule(dwfl, pc);
  if (!module) return std::nullopt;
  Dwarf_Addr bias = 0;
  Dwarf_Die* unit = dwfl_module_addrdie(module, pc, &bias);
  if (!unit) return std::nullopt;
  Dwarf_Die* scopes = nullptr;
  const int count = dwarf_getscopes(unit, pc - bias, &scopes);
  std::optional<std::pair<Dwfl_Module*, Dwarf_Off>> found;
  for (int i = 0; i < count && !found; ++i) {
    if (isBlock(&scopes[i])) found = std::make_pair(module, dwarf_dieoffset(&scopes[i]));
  }
  std::free(scopes);
  return found;
}

}  // namespace

std::vector<uint64_t> LineBlocks::lowestPerBlock(Dwfl* dwfl, std::vector<uint64_t> addresses) {
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
  if (!dwfl || addresses.size() < 2) return addresses;
  std::set<std::pair<Dwfl_Module*, Dwarf_Off>> seen;
  std::vector<uint64_t> kept;
  for (uint64_t address : addresses) {
    auto block = blockAt(dwfl, address);
    if (!block || seen.insert(*block).second) kept.push_back(address);
  }
  return kept;
}

}  // namespace rwd
