// BranchClassifier: Capstone, set up once for x86-64, telling how one
// instruction can move control: not at all (sequential), call, return,
// unconditional jump, conditional jump, or a trip to the kernel — plus its
// length, so a provider can tell a taken branch from a fall-through.
#pragma once

#include <cstddef>
#include <cstdint>

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
  BranchClassifier();
  ~BranchClassifier();
  BranchClassifier(const BranchClassifier&) = delete;
  BranchClassifier& operator=(const BranchClassifier&) = delete;

  // Shape of the first instruction in `bytes` (found at `address`).
  InstructionShape classify(const uint8_t* bytes, size_t size, uint64_t address) const;

 private:
  size_t handle_ = 0;
};

}  // namespace rwd
