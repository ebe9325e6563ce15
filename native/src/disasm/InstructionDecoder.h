// InstructionDecoder: Capstone, set up once for x86-64, answering what
// control flow needs of one instruction: its length and whether it calls.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>

namespace rwd {

struct DecodedInstruction {
  uint64_t address = 0;
  uint8_t length = 0;
  bool isCall = false;
  bool isReturn = false;
  bool isSystemCall = false;  // syscall, sysenter, int n: may block in the kernel
};

class InstructionDecoder {
 public:
  InstructionDecoder();
  ~InstructionDecoder();
  InstructionDecoder(const InstructionDecoder&) = delete;
  InstructionDecoder& operator=(const InstructionDecoder&) = delete;
  // Decodes the first instruction of `bytes` (as found at `address`).
  std::optional<DecodedInstruction> decode(const uint8_t* bytes, size_t size, uint64_t address) const;

 private:
  size_t handle_ = 0;
};

}  // namespace rwd
