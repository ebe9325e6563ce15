// TrampolinePlan: whether a probe for the instruction at B can sit on a
// nop5 of its own — the one kind of uprobe the kernel optimizes into a
// call (no trap: ~1.4 µs a pass here, against ~5 µs emulated and ~20 µs
// stepped out of line) — and the code that puts it there.
//
// The patch: the instructions at B covering at least 5 bytes are moved
// into a trampoline page mapped into the program, and B gets a `jmp rel32`
// to it. The trampoline holds `lea -128(%rsp),%rsp` (the kernel's call
// into its uprobe trampoline pushes below rsp: the red zone is kept out of
// its way), the probe's nop5, `lea 128(%rsp),%rsp`, the moved instructions
// (rip-relative operands re-encoded for their new place), and a `jmp rel32`
// back to the instruction after them.
//
// The rule, and why it is exact: the moved instructions run the same on
// every path that enters at B, and B is the only way into the patched
// bytes — B is not the function's entry (which other code may patch or
// call into by other means), the function has no indirect jump (switch
// tables, computed goto) and no exception landing pads, no direct jump or
// call in the function targets the inside of the moved range, and none of
// the moved instructions jumps, calls, returns, traps, makes a system call,
// is an endbr64 or reads rip other than through a rip-relative operand.
// The probe's nop5 runs before the first moved instruction with every
// register as at B except rsp (128 lower, which the probe program undoes)
// and rip: a stop there shows the thread at B with every value as at B.
// What the plan cannot prove, it refuses with the reason.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "process/RelocatedCode.h"
#include "probe/ProbeSite.h"

namespace rwd {

struct MovedInstruction {
  uint32_t offset = 0;  // from B
  std::vector<uint8_t> bytes;
  bool ripRelative = false;
  uint8_t displacementOffset = 0;
};

struct TrampolinePlan {
  static constexpr uint32_t kProbeOffset = 5;  // the nop5's offset in the trampoline
  static constexpr uint32_t kEntrySize = 18;
  static constexpr int64_t kStackShift = -128;
  static constexpr uint32_t kJumpSize = 5;

  bool possible = false;
  std::string why;          // not possible: why
  std::string description;  // possible: what moves ("its mov, add")
  std::vector<MovedInstruction> moved;

  static TrampolinePlan plan(const ProbeSite& site);
  uint32_t movedLength() const;
  // The trampoline's bytes at `trampoline`, for the patch at `original`,
  // and its RelocatedRange; empty when some operand or jump does not reach
  // (more than 2 GB away).
  std::vector<uint8_t> code(uint64_t original, uint64_t trampoline, RelocatedRange& range) const;
  // The jump written at `original`.
  static std::array<uint8_t, kJumpSize> jumpTo(uint64_t original, uint64_t trampoline);
  // Whether a jmp rel32 at `from` reaches `to`.
  static bool reaches(uint64_t from, uint64_t to);
};

}  // namespace rwd
