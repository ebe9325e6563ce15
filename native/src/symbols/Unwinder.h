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

#include "symbols/SymbolIndex.h"
#include "symbols/TargetAccess.h"

namespace rwd {

// Registers of one frame in DWARF x86-64 numbering (0 rax,1 rdx,2 rcx,3 rbx,
// 4 rsi,5 rdi,6 rbp,7 rsp,8-15 r8-r15,16 rip). `known` says which were
// recovered.
struct FrameRegisters {
  std::array<uint64_t, 17> value{};
  std::array<bool, 17> known{};
};

struct Frame {
  pid_t tid = 0;  // the thread whose stack holds the frame
  int index = 0;
  uint64_t pc = 0;        // the frame's pc (for outer frames the return address)
  uint64_t lookupPc = 0;  // pc for symbol/line lookup (pc - 1 in outer frames)
  uint64_t cfa = 0;       // canonical frame address (rsp before the call)
  FrameRegisters registers;
  // Inlined functions the frame stands outside of (0: the innermost
  // function at the pc); see InlineFrames. `index` stays the machine frame's.
  int inlineDepth = 0;
  int userIndex = 0;  // the frame's place in the stack as the user sees it
};

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
