// CfaCalculator: CFA from CFI rules (dwarf_cfi_addrframe + dwarf_frame_cfa).
#include "symbols/CfaCalculator.h"

#include <elfutils/libdw.h>

#include <cstdlib>

#include "symbols/LocationEvaluator.h"

namespace rwd {

std::optional<uint64_t> CfaCalculator::cfaAt(Dwfl* dwfl, uint64_t lookupPc, const FrameRegisters& registers,
                                             MemoryCache* memory) {
  if (!dwfl) return std::nullopt;
  Dwfl_Module* module = dwfl_addrmodule(dwfl, lookupPc);
  if (!module) return std::nullopt;
  for (int source = 0; source < 2; ++source) {
    Dwarf_Addr bias = 0;
    Dwarf_CFI* cfi = source == 0 ? dwfl_module_eh_cfi(module, &bias) : dwfl_module_dwarf_cfi(module, &bias);
    if (!cfi) continue;
    Dwarf_Frame* frame = nullptr;
    if (dwarf_cfi_addrframe(cfi, lookupPc - bias, &frame) != 0) continue;
    Dwarf_Op* ops = nullptr;
    size_t count = 0;
    std::optional<uint64_t> cfa;
    if (dwarf_frame_cfa(frame, &ops, &count) == 0 && count > 0) {
      ExpressionContext context;
      context.registers = &registers;
      context.memory = memory;
      cfa = LocationEvaluator::evaluateNumber(ops, count, context);
    }
    std::free(frame);
    if (cfa) return cfa;
  }
  return std::nullopt;
}

}  // namespace rwd
