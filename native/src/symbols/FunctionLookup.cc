// FunctionLookup: ELF function symbols (demangled) and DWARF function names
// matched against a name.
#include "symbols/FunctionLookup.h"

#include <cxxabi.h>
#include <dwarf.h>
#include <elfutils/libdw.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>

namespace rwd {

namespace {

std::string demangled(const char* name) {
  if (std::strncmp(name, "_Z", 2) != 0) return name;
  int status = 0;
  char* readable = abi::__cxa_demangle(name, nullptr, nullptr, &status);
  std::string out = status == 0 && readable ? readable : name;
  std::free(readable);
  return out;
}

// "ns::Widget::resize(int) const" → "ns::Widget::resize"
std::string withoutParameters(const std::string& name) {
  int depth = 0;
  for (size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '<') ++depth;
    else if (name[i] == '>') --depth;
    else if (name[i] == '(' && depth == 0 && i > 0 && name.compare(0, 8, "operator") != 0) return name.substr(0, i);
  }
  return name;
}

bool matches(const std::string& symbol, const std::string& query) {
  if (symbol == query) return true;
  const std::string bare = withoutParameters(symbol);
  if (bare == query) return true;
  // "resize" matches "ns::Widget::resize"; "Widget::resize" matches too.
  return bare.size() > query.size() + 2 && bare.compare(bare.size() - query.size(), query.size(), query) == 0 &&
         bare.compare(bare.size() - query.size() - 2, 2, "::") == 0;
}

// A function renamed with an asm label (`int foo(void) __asm__("bar")`)
// has the symbol "bar" but is "foo" in the source and in its DWARF
// DW_AT_name: the functions at the top of each unit are found by that name
// too (their symbols were matched above).
void findByDwarfName(Dwfl_Module* module, const std::string& query, std::vector<FunctionMatch>& found) {
  Dwarf_Addr bias = 0;
  if (query.find_first_of(":(") != std::string::npos || !dwfl_module_getdwarf(module, &bias)) return;
  Dwarf_Die* unit = nullptr;
  while ((unit = dwfl_module_nextcu(module, unit, &bias)) != nullptr) {
    Dwarf_Die child;
    if (dwarf_child(unit, &child) != 0) continue;
    do {
      if (dwarf_tag(&child) != DW_TAG_subprogram) continue;
      const char* name = dwarf_diename(&child);
      Dwarf_Addr entry = 0;
      if (!name || query != name || dwarf_entrypc(&child, &entry) != 0) continue;
      const uint64_t address = entry + bias;
      bool seen = std::any_of(found.begin(), found.end(), [&](const FunctionMatch& match) { return match.address == address; });
      if (!seen) found.push_back({name, address});
    } while (dwarf_siblingof(&child, &child) == 0);
  }
}

struct Search {
  const std::string* query;
  std::vector<FunctionMatch>* found;
};

int searchModule(Dwfl_Module* module, void**, const char*, Dwarf_Addr, void* argument) {
  auto* search = static_cast<Search*>(argument);
  int count = dwfl_module_getsymtab(module);
  for (int i = 1; i < count; ++i) {
    GElf_Sym symbol;
    GElf_Addr address = 0;
    GElf_Word section = 0;
    const char* name = dwfl_module_getsym_info(module, i, &symbol, &address, &section, nullptr, nullptr);
    if (!name || section == SHN_UNDEF || GELF_ST_TYPE(symbol.st_info) != STT_FUNC) continue;
    std::string readable = demangled(name);
    // Versioned names from .dynsym ("memcpy@@GLIBC_2.14") match by their base.
    if (size_t at = readable.find('@'); at != std::string::npos) readable.resize(at);
    if (!matches(readable, *search->query)) continue;
    bool seen = std::any_of(search->found->begin(), search->found->end(),
                            [&](const FunctionMatch& match) { return match.address == address; });
    if (!seen) search->found->push_back({readable, address});
  }
  findByDwarfName(module, *search->query, *search->found);
  return DWARF_CB_OK;
}

}  // namespace

std::vector<FunctionMatch> findFunctions(Dwfl* dwfl, const std::string& query) {
  std::vector<FunctionMatch> found;
  if (!dwfl || query.empty()) return found;
  Search search{&query, &found};
  dwfl_getmodules(dwfl, searchModule, &search, 0);
  return found;
}

}  // namespace rwd
