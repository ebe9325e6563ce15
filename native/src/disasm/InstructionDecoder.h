// InstructionDecoder: what control flow needs of one instruction — its
// length and whether it calls, returns, jumps or enters the kernel — read through
// a CapstoneHandle with instruction details.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

#include "disasm/CapstoneHandle.h"

namespace rwd {

struct DecodedInstruction {
  uint64_t address = 0;
  uint8_t length = 0;
  bool isCall = false;
  bool isReturn = false;
  bool isSystemCall = false;  // syscall, sysenter, int n: may block in the kernel
  // Any other instruction that may go elsewhere than the next one: jumps
  // (conditional too), loops, iret, transactions (xbegin/xabort/xend).
  bool isJump = false;
  // An operand addressed relative to rip: the instruction means something
  // else at another address.
  bool ripRelative = false;
  // Whether the next instruction in memory always runs after this one.
  bool fallsThrough() const { return !isCall && !isReturn && !isSystemCall && !isJump; }
};

class InstructionDecoder {
 public:
  InstructionDecoder() : capstone_(true) {}
  // Decodes the first instruction of `bytes` (as found at `address`).
  std::optional<DecodedInstruction> decode(const uint8_t* bytes, size_t size, uint64_t address) const;

 private:
  CapstoneHandle capstone_;
};

}  // namespace rwd
