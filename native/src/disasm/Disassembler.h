// Disassembler: Capstone set up once for x86-64 in Intel syntax (the syntax
// of the disassembly view: "mov qword ptr [rbp - 8], rdi"), turning the
// bytes at an address into one instruction's length and text.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

namespace rwd {

struct InstructionText {
  uint64_t address = 0;
  uint8_t length = 0;
  std::string mnemonic;  // "mov", "call", "rep stosq"
  std::string operands;  // "rbp, rsp"; empty when there are none
  std::string text() const { return operands.empty() ? mnemonic : mnemonic + " " + operands; }
};

class Disassembler {
 public:
  Disassembler();
  ~Disassembler();
  Disassembler(const Disassembler&) = delete;
  Disassembler& operator=(const Disassembler&) = delete;
  // The first instruction of `bytes` (found at `address`); nullopt when the
  // bytes are not a valid instruction (or too few).
  std::optional<InstructionText> decode(const uint8_t* bytes, size_t size, uint64_t address) const;

 private:
  size_t handle_ = 0;
};

}  // namespace rwd
