// ProbedInstruction: what the instruction under a probe changes, so that a
// stop can be made exact. A uprobe's signal arrives after the probed
// instruction has run; the probe program saves the general registers and
// the bytes this instruction will write, and the tracer puts them back at
// the signal stop. That is exact only when the instruction changes nothing
// else: its memory write (if any) is one range the program can compute
// from the registers (InstructionDigester's recipe: an operand or a push),
// and the registers it writes are general ones, rip and rflags. Anything
// else is refused with a reason.
#pragma once

#include <cstdint>
#include <string>

#include "probe/ProbeSite.h"

namespace rwd {

// The memory the instruction writes: base + index * scale + displacement
// (registers as byte offsets into the probe context; -1: none), `size` bytes.
struct WriteRange {
  bool writes = false;
  int baseOffset = -1;
  int indexOffset = -1;
  int scale = 1;
  int64_t displacement = 0;
  uint32_t size = 0;
  static constexpr uint32_t kMaxSize = 64;
};

class ProbedInstruction {
 public:
  // Reads the instruction at `site` from its file. Throws ProbeError with
  // the reason when a stop there could not be made exact.
  static WriteRange writesOf(const ProbeSite& site);
};

}  // namespace rwd
