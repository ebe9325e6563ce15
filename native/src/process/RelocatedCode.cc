// RelocatedCode: the translation between trampolines and the code they stand in for.
#include "process/RelocatedCode.h"

namespace rwd {

void RelocatedCode::takeOut(uint64_t original) {
  for (auto& [at, range] : ranges_) {
    if (range.original == original) range.live = false;
  }
}

bool RelocatedCode::toOriginal(user_regs_struct& regs, bool& exact) const {
  exact = true;
  auto found = ranges_.upper_bound(regs.rip);
  if (found == ranges_.begin()) return false;
  const RelocatedRange& range = (--found)->second;
  const uint64_t offset = regs.rip - range.trampoline;
  if (offset >= range.trampolineLength()) return false;
  if (offset < range.entrySize) {
    // In the entry nothing of the program ran yet: the thread is at the
    // patched address, its stack pointer as there.
    if (offset > 0 && offset < range.entryShiftEnd) regs.rsp -= static_cast<uint64_t>(range.entryStackShift);
    regs.rip = range.original;
    return true;
  }
  for (const auto& [inOriginal, inTrampoline] : range.instructions) {
    if (inTrampoline != offset) continue;
    regs.rip = range.original + inOriginal;
    // At the first instruction or at the jump back the pc shown is one the
    // thread can run from as it is; inside the patch's jump it is not.
    exact = !range.live || inOriginal == 0 || inOriginal == range.originalLength();
    return true;
  }
  return false;  // between instruction boundaries: cannot be (the thread only stops on them)
}

std::optional<uint64_t> RelocatedCode::toTrampoline(uint64_t pc, bool throughEntry) const {
  for (const auto& [at, range] : ranges_) {
    if (!range.live || pc < range.original || pc >= range.original + range.originalLength()) continue;
    if (pc == range.original && throughEntry) return range.trampoline;
    for (const auto& [inOriginal, inTrampoline] : range.instructions) {
      if (range.original + inOriginal == pc) return range.trampoline + inTrampoline;
    }
    return std::nullopt;
  }
  return std::nullopt;
}

std::optional<uint64_t> RelocatedCode::patchCovering(uint64_t address) const {
  for (const auto& [at, range] : ranges_) {
    if (range.live && address >= range.original && address < range.original + range.originalLength())
      return range.original;
  }
  return std::nullopt;
}

}  // namespace rwd
