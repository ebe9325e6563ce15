// ModuleSymbols: sorted function symbols and a name map for one module.
#include "symbols/ModuleSymbols.h"

#include <gelf.h>

#include <algorithm>

namespace rwd {

namespace {
constexpr int kLookBack = 16;  // enclosing symbols searched behind the nearest one
}

void ModuleSymbols::forEachDefined(
    Dwfl_Module* module,
    const std::function<void(const char* name, const GElf_Sym& symbol, uint64_t address)>& onSymbol) {
  const int count = dwfl_module_getsymtab(module);
  for (int i = 1; i < count; ++i) {
    GElf_Sym symbol;
    GElf_Addr address = 0;
    GElf_Word section = 0;
    const char* name = dwfl_module_getsym_info(module, i, &symbol, &address, &section, nullptr, nullptr);
    if (!name || !*name || section == SHN_UNDEF) continue;
    onSymbol(name, symbol, address);
  }
}

ModuleSymbols::ModuleSymbols(Dwfl_Module* module) {
  forEachDefined(module, [this](const char* name, const GElf_Sym& symbol, uint64_t address) {
    byName_.emplace(name, address);
    const int type = GELF_ST_TYPE(symbol.st_info);
    if (type != STT_FUNC && type != STT_GNU_IFUNC) return;
    const int binding = GELF_ST_BIND(symbol.st_info);
    Function function;
    function.start = address;
    function.end = address + symbol.st_size;
    function.name = static_cast<uint32_t>(names_.size());
    function.rank = binding == STB_GLOBAL ? 0 : binding == STB_WEAK ? 1 : 2;
    names_.emplace_back(name);
    functions_.push_back(function);
  });
  std::sort(functions_.begin(), functions_.end(), [](const Function& a, const Function& b) {
    if (a.start != b.start) return a.start < b.start;
    if (a.rank != b.rank) return a.rank < b.rank;
    return a.end > b.end;
  });
}

const ModuleSymbols::Function* ModuleSymbols::functionAt(uint64_t pc) const {
  auto after = std::upper_bound(functions_.begin(), functions_.end(), pc,
                                [](uint64_t value, const Function& function) { return value < function.start; });
  if (after == functions_.begin()) return nullptr;
  // The preferred alias is the first of the entries that share a start.
  auto nearest = after - 1;
  while (nearest != functions_.begin() && (nearest - 1)->start == nearest->start) --nearest;
  if (pc < nearest->end) return &*nearest;
  if (nearest->end == nearest->start) {
    // No size: it reaches up to the next symbol.
    if (after == functions_.end() || pc < after->start) return &*nearest;
  }
  auto candidate = nearest;
  for (int i = 0; i < kLookBack && candidate != functions_.begin(); ++i) {
    --candidate;
    if (pc >= candidate->start && pc < candidate->end) return &*candidate;
  }
  return nullptr;
}

std::optional<uint64_t> ModuleSymbols::addressOf(const std::string& name) const {
  auto found = byName_.find(name);
  if (found == byName_.end()) return std::nullopt;
  return found->second;
}

}  // namespace rwd
