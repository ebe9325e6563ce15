// Disassembler: the bytes at an address as one instruction's length and
// text in Intel syntax (the syntax of the disassembly view: "mov qword ptr
// [rbp - 8], rdi"), read through a CapstoneHandle.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "disasm/CapstoneHandle.h"

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
  Disassembler() : capstone_(false) {}
  // The first instruction of `bytes` (found at `address`); nullopt when the
  // bytes are not a valid instruction (or too few).
  std::optional<InstructionText> decode(const uint8_t* bytes, size_t size, uint64_t address) const;

 private:
  CapstoneHandle capstone_;
};

}  // namespace rwd
