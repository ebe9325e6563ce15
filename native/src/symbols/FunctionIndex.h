// FunctionIndex: every loaded module's functions filed by base name — its
// ELF function symbols (demangled; IFUNC symbols marked as such) and the definitions and inlined copies
// its DWARF describes — read once per module, the first time a function is
// looked up by name, and kept until the module is unloaded or replaced. So
// a function breakpoint (set, or tried again at each library load) costs a
// lookup, not a demangling of every symbol and a walk of every unit of
// every module. A module's DWARF names are qualified only for the base
// name asked for.
#pragma once

#include <elfutils/libdw.h>
#include <elfutils/libdwfl.h>

#include <string>
#include <unordered_map>
#include <vector>

#include "symbols/FunctionLookup.h"

namespace rwd {

class FunctionIndex {
 public:
  // Every function of every module of `dwfl` that `query` names
  // (functionNameMatches), one per address: ELF symbols first, then DWARF
  // definitions and inlined copies, module by module.
  std::vector<FunctionMatch> find(Dwfl* dwfl, const std::string& query);
  // How many modules have been read so far (for tests: a module is read once).
  int modulesRead() const { return modulesRead_; }

 private:
  struct DwarfFunction {
    Dwarf_Die die;
    uint64_t address = 0;
    bool inlined = false;
  };
  struct SymbolFunction {
    std::string name;  // demangled, without a symbol version
    uint64_t address = 0;
    bool ifunc = false;  // STT_GNU_IFUNC: the address is the resolver's
  };
  struct ModuleFunctions {
    // What the module was when read: a module reported again with other
    // values (or a reused pointer) is read again.
    std::string path;
    Dwarf_Addr start = 0;
    Dwarf_Addr end = 0;
    Dwarf* dwarf = nullptr;
    std::unordered_map<std::string, std::vector<SymbolFunction>> symbols;
    std::unordered_map<std::string, std::vector<DwarfFunction>> dwarfFunctions;
  };
  ModuleFunctions& functionsOf(Dwfl_Module* module);
  static void read(Dwfl_Module* module, ModuleFunctions& functions);

  std::unordered_map<Dwfl_Module*, ModuleFunctions> modules_;
  int modulesRead_ = 0;
};

}  // namespace rwd
