// FunctionLookup: ELF function symbols (demangled) matched against a name.
#include "symbols/FunctionLookup.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>

#include "symbols/Demangler.h"
#include "symbols/DwarfFunctions.h"

namespace rwd {

namespace {

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

// "ns::Widget::resize(int)" → "resize"; "value_of<i32>" → "value_of".
std::string baseNameOf(const std::string& query) {
  std::string bare = withoutParameters(query);
  int depth = 0;
  size_t start = 0;
  size_t templateStart = std::string::npos;
  for (size_t i = 0; i < bare.size(); ++i) {
    if (bare[i] == '<' && depth++ == 0) templateStart = i;
    else if (bare[i] == '>') --depth;
    else if (depth == 0 && bare.compare(i, 2, "::") == 0) start = i + 2;
  }
  if (templateStart != std::string::npos && templateStart > start && bare.compare(start, 8, "operator") != 0) {
    bare.resize(templateStart);
  }
  return bare.substr(start);
}

struct Search {
  const std::string* query;
  std::string baseName;
  std::vector<FunctionMatch>* found;

  void add(const std::string& name, uint64_t address, bool inlined) {
    bool seen = std::any_of(found->begin(), found->end(), [&](const FunctionMatch& match) { return match.address == address; });
    if (!seen) found->push_back({name, address, inlined});
  }
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
    std::string readable = Demangler::demangle(name);
    // Versioned names from .dynsym ("memcpy@@GLIBC_2.14") match by their base.
    if (size_t at = readable.find('@'); at != std::string::npos) readable.resize(at);
    if (matches(readable, *search->query)) search->add(readable, address, false);
  }
  // DWARF adds what the symbols cannot say: Rust paths (whose symbols are
  // mangled with a hash), and the copies of the function inlined in others.
  DwarfFunctions::find(module, search->baseName, [&](const DwarfFunctions::Found& function) {
    if (matches(function.name, *search->query)) search->add(function.name, function.address, function.inlined);
  });
  return DWARF_CB_OK;
}

}  // namespace

std::vector<FunctionMatch> findFunctions(Dwfl* dwfl, const std::string& query) {
  std::vector<FunctionMatch> found;
  if (!dwfl || query.empty()) return found;
  Search search{&query, baseNameOf(query), &found};
  dwfl_getmodules(dwfl, searchModule, &search, 0);
  return found;
}

}  // namespace rwd
