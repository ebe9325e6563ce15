// BranchClassifier: how one x86-64 instruction can move control — not at
// all (sequential), call, return, unconditional jump, conditional jump, or a
// trip to the kernel — plus its length, so a provider can tell a taken
// branch from a fall-through. Read through the helper's CapstoneHandle
// (with instruction details).
#pragma once

#include <cstddef>
#include <cstdint>

#include "disasm/CapstoneHandle.h"

namespace rwd {

enum class InstructionFlow : uint8_t {
  Sequential,
  Call,
  Return,
  Jump,
  ConditionalJump,  // jcc, loop*, jrcxz
  SystemCall,       // syscall, sysenter, int n, int3
  Undecodable,      // bytes Capstone does not know (or could not be read)
};

struct InstructionShape {
  uint8_t length = 0;  // 0 when undecodable
  InstructionFlow flow = InstructionFlow::Undecodable;
};

class BranchClassifier {
 public:
  BranchClassifier() : capstone_(true) {}

  // Shape of the first instruction in `bytes` (found at `address`).
  InstructionShape classify(const uint8_t* bytes, size_t size, uint64_t address) const;

 private:
  CapstoneHandle capstone_;
};

}  // namespace rwd
