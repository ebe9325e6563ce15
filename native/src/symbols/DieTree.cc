// DieTree: per-unit parent tables and qualified names.
#include "symbols/DieTree.h"

#include <dwarf.h>

#include <unordered_map>
#include <vector>

namespace rwd {

namespace {

constexpr int kMaxDepth = 64;

struct UnitTable {
  Dwarf* dwarf = nullptr;
  Dwarf_Off unitOffset = 0;
  int language = 0;
  std::unordered_map<Dwarf_Off, Dwarf_Off> parents;
};

// Keyed by the unit DIE's address in the mapped debug information.
std::unordered_map<const void*, UnitTable>& tables() {
  static std::unordered_map<const void*, UnitTable> all;
  return all;
}

std::unordered_map<const void*, std::string>& prefixes() {
  static std::unordered_map<const void*, std::string> all;
  return all;
}

bool enclosesNames(int tag) {
  switch (tag) {
    case DW_TAG_namespace:
    case DW_TAG_module:
    case DW_TAG_structure_type:
    case DW_TAG_class_type:
    case DW_TAG_union_type:
    case DW_TAG_enumeration_type:
    case DW_TAG_interface_type:
      return true;
    default:
      return false;
  }
}

void record(Dwarf_Die* parent, UnitTable& table, int depth) {
  if (depth > kMaxDepth) return;
  Dwarf_Die child;
  if (dwarf_child(parent, &child) != 0) return;
  const Dwarf_Off parentOffset = dwarf_dieoffset(parent);
  do {
    table.parents.emplace(dwarf_dieoffset(&child), parentOffset);
    if (enclosesNames(dwarf_tag(&child)) && dwarf_haschildren(&child)) record(&child, table, depth + 1);
  } while (dwarf_siblingof(&child, &child) == 0);
}

UnitTable* tableFor(Dwarf_Die* die) {
  Dwarf_Die unit;
  if (!dwarf_diecu(die, &unit, nullptr, nullptr)) return nullptr;
  auto& all = tables();
  auto found = all.find(unit.addr);
  if (found != all.end()) return &found->second;
  UnitTable table;
  table.dwarf = dwarf_cu_getdwarf(unit.cu);
  table.unitOffset = dwarf_dieoffset(&unit);
  table.language = dwarf_srclang(&unit);
  record(&unit, table, 0);
  return &all.emplace(unit.addr, std::move(table)).first->second;
}

std::string ownName(Dwarf_Die* die) {
  const char* name = dwarf_diename(die);
  if (name) return name;
  switch (dwarf_tag(die)) {
    case DW_TAG_namespace:
      return "(anonymous namespace)";
    case DW_TAG_structure_type:
    case DW_TAG_class_type:
      return "(anonymous struct)";
    case DW_TAG_union_type:
      return "(anonymous union)";
    case DW_TAG_enumeration_type:
      return "(anonymous enum)";
    default:
      return "";
  }
}

}  // namespace

std::optional<Dwarf_Die> DieTree::parent(Dwarf_Die* die) {
  UnitTable* table = tableFor(die);
  if (!table) return std::nullopt;
  auto found = table->parents.find(dwarf_dieoffset(die));
  if (found == table->parents.end()) return std::nullopt;
  Dwarf_Die out;
  if (!dwarf_offdie(table->dwarf, found->second, &out)) return std::nullopt;
  return out;
}

bool DieTree::qualifiesNames(Dwarf_Die* die) {
  UnitTable* table = tableFor(die);
  if (!table) return false;
  switch (table->language) {
    case DW_LANG_C89:
    case DW_LANG_C:
    case DW_LANG_C99:
    case DW_LANG_C11:
    case 0x2c:  // DW_LANG_C17
      return false;
    default:
      return true;
  }
}

bool DieTree::isRust(Dwarf_Die* die) {
  UnitTable* table = tableFor(die);
  return table && table->language == DW_LANG_Rust;
}

std::string DieTree::scopePrefix(Dwarf_Die* die) {
  auto& cache = prefixes();
  auto cached = cache.find(die->addr);
  if (cached != cache.end()) return cached->second;
  std::string prefix;
  Dwarf_Die subject = *die;
  Dwarf_Attribute attribute;
  Dwarf_Die declaration;
  for (int hops = 0;
       hops < 4 && dwarf_attr(&subject, DW_AT_specification, &attribute) && dwarf_formref_die(&attribute, &declaration);
       ++hops) {
    subject = declaration;
  }
  if (qualifiesNames(&subject)) {
    std::vector<std::string> parts;
    std::optional<Dwarf_Die> current = parent(&subject);
    for (int depth = 0; current && depth < kMaxDepth; ++depth) {
      const int tag = dwarf_tag(&*current);
      if (tag == DW_TAG_compile_unit || tag == DW_TAG_partial_unit || tag == DW_TAG_type_unit) break;
      parts.push_back(ownName(&*current));
      current = parent(&*current);
    }
    for (auto part = parts.rbegin(); part != parts.rend(); ++part) prefix += *part + "::";
  }
  cache.emplace(die->addr, prefix);
  return prefix;
}

std::string DieTree::qualifiedName(Dwarf_Die* die) {
  const char* name = dwarf_diename(die);
  if (!name) {
    Dwarf_Attribute attribute;
    if (dwarf_attr_integrate(die, DW_AT_name, &attribute)) name = dwarf_formstring(&attribute);
  }
  return scopePrefix(die) + (name ? name : "");
}

void DieTree::clear() {
  tables().clear();
  prefixes().clear();
}

}  // namespace rwd
