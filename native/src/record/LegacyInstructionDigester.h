// LegacyInstructionDigester: digests legacy-encoded (non-VEX/EVEX) x86-64
// instructions with Capstone. Capstone's operand access flags are not used:
// version 4 marks many stores as reads (cmpxchg, rol m, fst, stmxcsr, movdqa
// m, movntdq, setcc...) and some reads as writes (test m, imm). Instead a
// memory operand in first (destination) position is a write unless the
// instruction is one of the few that only read it (cmp, test, bt, jmp, x87
// loads...), and instructions whose writes are implicit (push, call, enter,
// string stores, xsave, bit strings, maskmov) have their own recipes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "record/DigestedInstruction.h"

namespace rwd {

class LegacyInstructionDigester {
 public:
  LegacyInstructionDigester();
  ~LegacyInstructionDigester();
  LegacyInstructionDigester(const LegacyInstructionDigester&) = delete;
  LegacyInstructionDigester& operator=(const LegacyInstructionDigester&) = delete;

  // False when Capstone cannot decode the bytes.
  bool digest(uint64_t address, const uint8_t* bytes, size_t available, DigestedInstruction& out) const;
  // "mnemonic operands", or "" when Capstone cannot decode the bytes.
  std::string text(uint64_t address, const uint8_t* bytes, size_t available) const;

 private:
  struct RegisterInfo {
    RegisterSlot slot = kNoRegister;
    uint8_t width = 0;  // bytes
  };
  bool toAddress(const void* memoryOperand, uint64_t nextInstruction, AddressExpression& out) const;

  size_t handle_ = 0;
  void* scratch_ = nullptr;  // cs_insn, reused for every decode
  std::vector<RegisterInfo> registers_;
};

}  // namespace rwd
