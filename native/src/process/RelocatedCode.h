// RelocatedCode: code the debugger moved out of the program's way. A
// patch replaces the first bytes at an address with a jump to a
// trampoline the debugger mapped into the program, which holds an entry
// (it may move the stack pointer, then hold a probe), the displaced
// instructions re-encoded for their new place, and a jump back. A thread
// the debugger finds inside a trampoline is shown where the original code
// would have it (its pc, and its stack pointer inside the entry), and a
// thread about to run from inside a patched range runs from the
// trampoline's copy instead — so no view and no step ever meets a
// trampoline address or the middle of a patch's jump.
#pragma once

#include <sys/user.h>

#include <cstdint>
#include <map>
#include <optional>
#include <utility>
#include <vector>

namespace rwd {

struct RelocatedRange {
  uint64_t original = 0;        // the patched address (the breakpoint's)
  uint64_t trampoline = 0;      // the trampoline's first byte (its entry)
  uint32_t entrySize = 0;       // bytes of the entry, before the first displaced instruction
  int64_t entryStackShift = 0;  // what the entry's first instruction adds to rsp (undone after its probe)
  uint32_t entryShiftEnd = 0;   // the offset in the entry after which rsp is as before again
  // Each displaced instruction: its offset at `original` and in the
  // trampoline; the last pair is the end (original length, offset of the jump back).
  std::vector<std::pair<uint32_t, uint32_t>> instructions;
  bool live = true;  // the patch's jump is in the program (false: taken out, the trampoline stays)

  uint32_t originalLength() const { return instructions.empty() ? 0 : instructions.back().first; }
  uint32_t trampolineLength() const { return instructions.empty() ? entrySize : instructions.back().second + 5; }
};

class RelocatedCode {
 public:
  void add(const RelocatedRange& range) { ranges_[range.trampoline] = range; }
  // The patch at `original` is taken out (its trampoline stays mapped:
  // a thread may still be inside it and goes on there).
  void takeOut(uint64_t original);
  // The program is replaced (exec): every trampoline is gone.
  void clear() { ranges_.clear(); }
  bool empty() const { return ranges_.empty(); }

  // Registers read from a stopped thread whose pc is in a trampoline:
  // made to show the original code's place. Returns true when it changed
  // them; `exact` then says whether the program may be given them as they
  // are (false while the pc shown is inside a live patch's jump, where the
  // thread cannot run from: it must go on from the trampoline).
  bool toOriginal(user_regs_struct& regs, bool& exact) const;
  // Where a thread about to run at `pc` must run from instead: inside a
  // live patch, the trampoline's copy; at the patched address itself, past
  // the entry (no probe) unless `throughEntry`. nullopt: nothing to change.
  std::optional<uint64_t> toTrampoline(uint64_t pc, bool throughEntry) const;
  // The live patch covering `address` (its patched address), if any.
  std::optional<uint64_t> patchCovering(uint64_t address) const;

 private:
  std::map<uint64_t, RelocatedRange> ranges_;  // by trampoline address
};

}  // namespace rwd
