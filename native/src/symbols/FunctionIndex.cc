// FunctionIndex: per-module tables of function names, read on first use.
#include "symbols/FunctionIndex.h"

#include <algorithm>
#include <unordered_set>

#include "symbols/Demangler.h"
#include "symbols/DwarfFunctions.h"
#include "symbols/ModuleSymbols.h"

namespace rwd {

namespace {

std::vector<Dwfl_Module*> reportedModules(Dwfl* dwfl) {
  std::vector<Dwfl_Module*> modules;
  dwfl_getmodules(
      dwfl,
      [](Dwfl_Module* module, void**, const char*, Dwarf_Addr, void* argument) -> int {
        static_cast<std::vector<Dwfl_Module*>*>(argument)->push_back(module);
        return DWARF_CB_OK;
      },
      &modules, 0);
  return modules;
}

}  // namespace

void FunctionIndex::read(Dwfl_Module* module, ModuleFunctions& functions) {
  ModuleSymbols::forEachDefined(module, [&](const char* name, const GElf_Sym& symbol, uint64_t address) {
    const int type = GELF_ST_TYPE(symbol.st_info);
    if (type != STT_FUNC && type != STT_GNU_IFUNC) return;
    std::string readable = Demangler::demangle(name);
    // Versioned names from .dynsym ("memcpy@@GLIBC_2.14") match by their base.
    if (size_t at = readable.find('@'); at != std::string::npos) readable.resize(at);
    std::string base = functionBaseName(readable);
    functions.symbols[base].push_back({std::move(readable), address, type == STT_GNU_IFUNC});
  });
  // DWARF adds what the symbols cannot say: Rust paths (whose symbols are
  // mangled with a hash), and the copies of the function inlined in others.
  DwarfFunctions::forEach(module, [&](const DwarfFunctions::Found& function) {
    functions.dwarfFunctions[functionBaseName(function.ownName)].push_back(
        {function.die, function.address, function.inlined});
  });
}

FunctionIndex::ModuleFunctions& FunctionIndex::functionsOf(Dwfl_Module* module) {
  Dwarf_Addr start = 0, end = 0, bias = 0;
  const char* name = dwfl_module_info(module, nullptr, &start, &end, nullptr, nullptr, nullptr, nullptr);
  Dwarf* dwarf = dwfl_module_getdwarf(module, &bias);
  const std::string path = name ? name : "";
  auto found = modules_.find(module);
  if (found != modules_.end() && found->second.path == path && found->second.start == start &&
      found->second.end == end && found->second.dwarf == dwarf) {
    return found->second;
  }
  ModuleFunctions& functions = modules_[module];
  functions = ModuleFunctions{path, start, end, dwarf, {}, {}};
  read(module, functions);
  ++modulesRead_;
  return functions;
}

std::vector<FunctionMatch> FunctionIndex::find(Dwfl* dwfl, const std::string& query) {
  std::vector<FunctionMatch> found;
  if (!dwfl || query.empty()) return found;
  const std::vector<Dwfl_Module*> reported = reportedModules(dwfl);
  // Modules no longer loaded are forgotten.
  const std::unordered_set<Dwfl_Module*> loaded(reported.begin(), reported.end());
  for (auto it = modules_.begin(); it != modules_.end();)
    it = loaded.count(it->first) ? std::next(it) : modules_.erase(it);

  const std::string base = functionBaseName(query);
  auto add = [&](const std::string& name, uint64_t address, bool inlined, bool ifunc = false) {
    bool seen =
        std::any_of(found.begin(), found.end(), [&](const FunctionMatch& match) { return match.address == address; });
    if (!seen) found.push_back({name, address, inlined, ifunc});
  };
  for (Dwfl_Module* module : reported) {
    Dwarf_Addr elfBias = 0;
    if (!dwfl_module_getelf(module, &elfBias)) continue;  // a mapped file that is not ELF
    ModuleFunctions& functions = functionsOf(module);
    if (auto symbols = functions.symbols.find(base); symbols != functions.symbols.end()) {
      for (const SymbolFunction& symbol : symbols->second) {
        if (functionNameMatches(symbol.name, query)) add(symbol.name, symbol.address, false, symbol.ifunc);
      }
    }
    if (auto definitions = functions.dwarfFunctions.find(base); definitions != functions.dwarfFunctions.end()) {
      for (DwarfFunction& function : definitions->second) {
        const std::string name = DwarfFunctions::nameOf(&function.die);
        if (functionNameMatches(name, query)) add(name, function.address, function.inlined);
      }
    }
  }
  return found;
}

}  // namespace rwd
