// EmulatedApproach: where a probe for an instruction B can sit so that the
// kernel emulates the probed instruction instead of stepping it out of
// line (a second trap: here ~20 µs a pass against ~5 µs). On x86-64 the
// kernel emulates, at a uprobe, jmp and jcc with a relative target, call
// rel32, push of a register and its own nop encodings; every other
// instruction is stepped out of line.
//
// The rule, and why a stop there is exact: when B's instruction is not
// emulated, B's predecessors are found in its function's machine code (the
// function by its ELF symbol, with its split-off parts such as
// `name.cold`). A probe may move to them when every way into B is an edge
// from one of them — each a jmp or jcc with a relative target, or a nop the
// kernel emulates (none of which changes anything but rip) — and no other
// way in can exist: B is not the function's entry, the function has no
// indirect jump (switch tables, computed goto), no endbr64 at B (an
// indirect-branch target), and no exception landing pads (its FDE has no
// LSDA). Then each pass through B is exactly one run of a predecessor that
// goes on to B (for a jcc: taken or not, read from rflags by the probe
// program), and the registers and memory the condition reads are the same
// before that instruction as at B: only rip differs, and the stop puts rip
// at B. When this cannot be proved, the probe stays on B (stepped out of
// line) and the reason is given.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "probe/ProbeSite.h"

namespace rwd {

// How a predecessor goes on to B: always (jmp, nop), or a jcc when its
// condition (the low nibble of its opcode) holds, or when it does not.
struct BranchTest {
  enum class Kind { Always, Taken, NotTaken };
  Kind kind = Kind::Always;
  uint8_t condition = 0;
};

// One instruction a probe sits on for B, and when it leads to B.
struct ProbeApproach {
  ProbeSite site;
  BranchTest test;
};

struct ApproachPlan {
  bool emulatedAtSite = false;            // B itself is emulated: the probe stays there
  std::vector<ProbeApproach> approaches;  // else, when proved: B's predecessors
  std::string why;                        // neither: why the probe is stepped out of line at B
  std::string description;                // what was chosen, for the user ("the jl at 0x… before it")
};

class EmulatedApproach {
 public:
  static ApproachPlan plan(const ProbeSite& target);
  // Whether the kernel emulates the instruction `bytes` at a uprobe.
  static bool kernelEmulates(const uint8_t* bytes, size_t size);
};

}  // namespace rwd
