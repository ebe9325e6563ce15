// Frame: one frame of a thread's call stack as the unwinder recovered it —
// its pc, CFA and the registers known there. Plain values that symbols/
// (which finds them), registers/ (which shows their registers) and the
// server share.
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>

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

}  // namespace rwd
