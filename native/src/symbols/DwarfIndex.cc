// DwarfIndex: per-module tables of global variables and named types.
#include "symbols/DwarfIndex.h"

#include <dwarf.h>

#include <algorithm>
#include <cctype>
#include <cstring>
#include <sstream>
#include <vector>

#include "symbols/DieTree.h"

namespace rwd {

namespace {

constexpr int kMaxDepth = 32;

bool isIdentifierCharacter(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

const char* const kBaseWords[] = {"unsigned", "signed",   "short",    "long",    "int",  "char",
                                  "float",    "double",   "_Bool",    "bool",    "void", "__int128",
                                  "wchar_t",  "char16_t", "char32_t", "_Complex"};

bool isBaseWord(const std::string& word) {
  return std::find(std::begin(kBaseWords), std::end(kBaseWords), word) != std::end(kBaseWords);
}

// "unsigned long" and DWARF's "long unsigned int" become the same key.
std::optional<std::string> baseTypeKey(const std::string& name) {
  std::istringstream words(name);
  std::vector<std::string> parts;
  for (std::string word; words >> word;) {
    if (!isBaseWord(word)) return std::nullopt;
    parts.push_back(word);
  }
  if (parts.empty()) return std::nullopt;
  auto has = [&](const char* word) { return std::find(parts.begin(), parts.end(), word) != parts.end(); };
  const bool sized = has("short") || has("long") || has("unsigned") || has("signed");
  if (sized && !has("int") && !has("char") && !has("double") && !has("__int128")) parts.push_back("int");
  if (has("signed") && !has("char")) parts.erase(std::find(parts.begin(), parts.end(), "signed"));
  std::sort(parts.begin(), parts.end());
  std::string key = "#base";
  for (const auto& part : parts) key += " " + part;
  return key;
}

bool isDefinition(Dwarf_Die* variable) {
  if (dwarf_hasattr(variable, DW_AT_const_value)) return true;
  return !dwarf_hasattr(variable, DW_AT_declaration) && dwarf_hasattr(variable, DW_AT_location);
}

// A function's static: its location is a fixed address.
bool hasStaticAddress(Dwarf_Die* variable) {
  Dwarf_Attribute attribute;
  Dwarf_Op* ops = nullptr;
  size_t count = 0;
  if (!dwarf_attr(variable, DW_AT_location, &attribute) || dwarf_getlocation(&attribute, &ops, &count) != 0)
    return false;
  return count >= 1 && (ops[0].atom == DW_OP_addr || ops[0].atom == DW_OP_addrx);
}

}  // namespace

std::string DwarfIndex::normalize(const std::string& name) {
  std::string out;
  out.reserve(name.size());
  for (size_t i = 0; i < name.size(); ++i) {
    if (!std::isspace(static_cast<unsigned char>(name[i]))) {
      out += name[i];
      continue;
    }
    size_t next = i;
    while (next < name.size() && std::isspace(static_cast<unsigned char>(name[next]))) ++next;
    if (!out.empty() && next < name.size() && isIdentifierCharacter(out.back()) && isIdentifierCharacter(name[next])) {
      out += ' ';
    }
    i = next - 1;
  }
  return out;
}

void DwarfIndex::addType(Dwarf_Die* die, const std::string& name, ModuleNames& names) {
  const bool declaration = dwarf_hasattr(die, DW_AT_declaration);
  auto remember = [&](const std::string& key) {
    auto found = names.types.find(key);
    if (found == names.types.end()) {
      names.types.emplace(key, *die);
    } else if (!declaration && dwarf_hasattr(&found->second, DW_AT_declaration)) {
      found->second = *die;  // a definition wins over a declaration
    }
  };
  const int tag = dwarf_tag(die);
  if (tag == DW_TAG_base_type) {
    if (auto key = baseTypeKey(name)) remember(*key);
  }
  remember(normalize(name));
  const char* keyword = tag == DW_TAG_structure_type     ? "struct "
                        : tag == DW_TAG_union_type       ? "union "
                        : tag == DW_TAG_enumeration_type ? "enum "
                        : tag == DW_TAG_class_type       ? "class "
                                                         : nullptr;
  if (keyword) remember(normalize(keyword + name));
}

void DwarfIndex::collect(Dwarf_Die* parent, const std::string& prefix, ModuleNames& names, int depth) {
  if (depth > kMaxDepth) return;
  Dwarf_Die child;
  if (dwarf_child(parent, &child) != 0) return;
  do {
    const int tag = dwarf_tag(&child);
    const char* own = dwarf_diename(&child);
    switch (tag) {
      case DW_TAG_variable: {
        if (!isDefinition(&child)) break;
        Dwarf_Attribute attribute;
        Dwarf_Die declaration;
        if (dwarf_attr(&child, DW_AT_specification, &attribute) && dwarf_formref_die(&attribute, &declaration)) {
          names.definitions.emplace(declaration.addr, child);
          names.variables.emplace(normalize(DieTree::qualifiedName(&child)), child);
        } else if (own) {
          names.variables.emplace(normalize(prefix + own), child);
          addVtable(&child, names);
        }
        break;
      }
      case DW_TAG_namespace:
        collect(&child, prefix + (own ? own : "(anonymous namespace)") + "::", names, depth + 1);
        break;
      case DW_TAG_structure_type:
      case DW_TAG_class_type:
      case DW_TAG_union_type:
        if (!own) break;
        addType(&child, prefix + own, names);
        if (dwarf_haschildren(&child)) collect(&child, prefix + own + "::", names, depth + 1);
        break;
      case DW_TAG_enumeration_type: {
        if (own) addType(&child, prefix + own, names);
        // Enumerators are named in the enclosing scope, and (C++11) in the enumeration's.
        Dwarf_Die enumerator;
        if (dwarf_child(&child, &enumerator) != 0) break;
        do {
          const char* name = dwarf_diename(&enumerator);
          if (dwarf_tag(&enumerator) != DW_TAG_enumerator || !name) continue;
          names.enumerators.emplace(normalize(prefix + name), std::make_pair(child, enumerator));
          if (own) names.enumerators.emplace(normalize(prefix + own + "::" + name), std::make_pair(child, enumerator));
        } while (dwarf_siblingof(&enumerator, &enumerator) == 0);
        break;
      }
      case DW_TAG_typedef:
      case DW_TAG_base_type:
        if (own) addType(&child, prefix + own, names);
        break;
      case DW_TAG_subprogram: {
        if (!own || !dwarf_haschildren(&child)) break;
        Dwarf_Die inner;
        if (dwarf_child(&child, &inner) != 0) break;
        std::string function;
        do {
          const char* name = dwarf_diename(&inner);
          if (dwarf_tag(&inner) != DW_TAG_variable || !name || !hasStaticAddress(&inner)) continue;
          if (function.empty()) function = normalize(DieTree::qualifiedName(&child));
          names.variables.emplace(function + "::" + name, inner);
        } while (dwarf_siblingof(&inner, &inner) == 0);
        break;
      }
      default:
        break;
    }
  } while (dwarf_siblingof(&child, &child) == 0);
}

void DwarfIndex::addVtable(Dwarf_Die* variable, ModuleNames& names) {
  static const std::string kSuffix = "::{vtable}";
  const char* own = dwarf_diename(variable);
  const size_t length = own ? std::strlen(own) : 0;
  if (length < kSuffix.size() || kSuffix.compare(0, kSuffix.size(), own + length - kSuffix.size()) != 0) return;
  Dwarf_Attribute attribute;
  Dwarf_Op* ops = nullptr;
  size_t count = 0;
  if (!dwarf_attr(variable, DW_AT_location, &attribute) || dwarf_getlocation(&attribute, &ops, &count) != 0 ||
      count != 1) {
    return;
  }
  Dwarf_Addr address = ops[0].number;
  if (ops[0].atom == DW_OP_addrx) {
    Dwarf_Attribute indexed;
    if (dwarf_getlocation_attr(&attribute, &ops[0], &indexed) != 0 || dwarf_formaddr(&indexed, &address) != 0) return;
  } else if (ops[0].atom != DW_OP_addr) {
    return;
  }
  Dwarf_Die vtableType;
  Dwarf_Die owner;
  if (!dwarf_attr(variable, DW_AT_type, &attribute) || !dwarf_formref_die(&attribute, &vtableType)) return;
  if (!dwarf_attr(&vtableType, DW_AT_containing_type, &attribute) || !dwarf_formref_die(&attribute, &owner)) return;
  names.vtableOwners.emplace(address, owner);
}

std::optional<IndexedDie> DwarfIndex::vtableOwner(uint64_t vtable) {
  Dwfl* dwfl = symbols_.dwfl();
  Dwfl_Module* module = dwfl ? dwfl_addrmodule(dwfl, vtable) : nullptr;
  Dwarf_Addr bias = 0;
  if (!module || !dwfl_module_getdwarf(module, &bias)) return std::nullopt;
  ModuleNames& names = namesOf(module);
  auto found = names.vtableOwners.find(vtable - bias);
  if (found == names.vtableOwners.end()) return std::nullopt;
  return IndexedDie{found->second, module};
}

DwarfIndex::ModuleNames& DwarfIndex::namesOf(Dwfl_Module* module) {
  auto found = modules_.find(module);
  if (found != modules_.end()) return found->second;
  ModuleNames names;
  Dwarf_Addr bias = 0;
  Dwarf_Die* unit = nullptr;
  while ((unit = dwfl_module_nextcu(module, unit, &bias)) != nullptr) collect(unit, "", names, 0);
  return modules_.emplace(module, std::move(names)).first->second;
}

template <typename Lookup>
std::optional<IndexedDie> DwarfIndex::search(Dwfl_Module* preferred, const Lookup& lookup) {
  if (preferred) {
    if (auto found = lookup(namesOf(preferred))) {
      found->module = preferred;
      return found;
    }
  }
  Dwfl* dwfl = symbols_.dwfl();
  if (!dwfl) return std::nullopt;
  std::vector<Dwfl_Module*> all;
  dwfl_getmodules(
      dwfl,
      [](Dwfl_Module* module, void**, const char*, Dwarf_Addr, void* list) {
        static_cast<std::vector<Dwfl_Module*>*>(list)->push_back(module);
        return static_cast<int>(DWARF_CB_OK);
      },
      &all, 0);
  for (Dwfl_Module* module : all) {
    if (module == preferred) continue;
    if (auto found = lookup(namesOf(module))) {
      found->module = module;
      return found;
    }
  }
  return std::nullopt;
}

std::optional<IndexedDie> DwarfIndex::variable(const std::string& name, Dwfl_Module* preferred) {
  const std::string key = normalize(name);
  return search(preferred, [&](ModuleNames& names) -> std::optional<IndexedDie> {
    auto found = names.variables.find(key);
    if (found == names.variables.end()) return std::nullopt;
    return IndexedDie{found->second};
  });
}

std::optional<IndexedDie> DwarfIndex::definitionOf(Dwarf_Die* declaration) {
  Dwarf_Die target = *declaration;
  return search(nullptr, [&](ModuleNames& names) -> std::optional<IndexedDie> {
    auto found = names.definitions.find(target.addr);
    if (found == names.definitions.end()) return std::nullopt;
    return IndexedDie{found->second};
  });
}

std::optional<IndexedDie> DwarfIndex::type(const std::string& name, Dwfl_Module* preferred) {
  const std::string key = baseTypeKey(name).value_or(normalize(name));
  return search(preferred, [&](ModuleNames& names) -> std::optional<IndexedDie> {
    auto found = names.types.find(key);
    if (found == names.types.end()) return std::nullopt;
    return IndexedDie{found->second};
  });
}

std::optional<IndexedDie> DwarfIndex::enumerator(const std::string& name, Dwfl_Module* preferred) {
  const std::string key = normalize(name);
  return search(preferred, [&](ModuleNames& names) -> std::optional<IndexedDie> {
    auto found = names.enumerators.find(key);
    if (found == names.enumerators.end()) return std::nullopt;
    return IndexedDie{found->second.second, nullptr, found->second.first};
  });
}

}  // namespace rwd
