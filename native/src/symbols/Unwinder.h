// Unwinder: call stacks through DWARF CFI with libdwfl (dwfl_attach_state
// with callbacks that read the debuggee through TargetAccess), through libc
// frames. Each frame keeps its registers so variables of outer frames can be
// read.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "core/Frame.h"
#include "symbols/SymbolIndex.h"
#include "core/TargetAccess.h"

namespace rwd {

class Unwinder {
 public:
  Unwinder(SymbolIndex& symbols, TargetAccess& target);
  ~Unwinder();
  // Frames of a stopped thread from `startFrame`, at most `maxFrames` (the
  // walk stops early at the outermost frame). Frame 0 is the current pc.
  // `reachedEnd` tells whether the outermost frame was reached.
  std::vector<Frame> frames(pid_t tid, int startFrame, int maxFrames, bool* reachedEnd = nullptr);
  // CFA of frame 0 only (what stepping compares).
  uint64_t currentCfa(pid_t tid);
  // CFA of the innermost frame for registers that are not the thread's
  // current ones (a state in the recorded history); 0 when unknown.
  uint64_t cfaFor(const user_regs_struct& regs);

 private:
  struct State;
  SymbolIndex& symbols_;
  TargetAccess& target_;
  std::unique_ptr<State> state_;
};

}  // namespace rwd
