// ModuleSymbols: the ELF symbol table of one module as libdwfl reads it
// (dwfl_module_getsym_info), copied once into a vector of functions sorted
// by address and a map by name, because libdwfl's own address lookup
// scans every symbol on each call.
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

namespace rwd {

class ModuleSymbols {
 public:
  struct Function {
    uint64_t start = 0;
    uint64_t end = 0;   // start when the symbol has no size
    uint32_t name = 0;  // index into names_
    uint8_t rank = 0;   // which alias wins: global, weak, local
  };

  explicit ModuleSymbols(Dwfl_Module* module);
  // The function symbol containing `pc` (a sizeless one counts up to the
  // next symbol).
  const Function* functionAt(uint64_t pc) const;
  const std::string& nameOf(const Function& function) const { return names_[function.name]; }
  // A defined symbol (function or data) by exact name.
  std::optional<uint64_t> addressOf(const std::string& name) const;
  // Calls `onSymbol` with every defined, named symbol of `module` in table
  // order: its name, its table entry and its run-time address.
  static void forEachDefined(
      Dwfl_Module* module,
      const std::function<void(const char* name, const GElf_Sym& symbol, uint64_t address)>& onSymbol);

 private:
  std::vector<Function> functions_;  // by start, the preferred alias first
  std::vector<std::string> names_;
  std::unordered_map<std::string, uint64_t> byName_;
};

}  // namespace rwd
