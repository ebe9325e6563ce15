// Disassembler: one Capstone handle, Intel syntax, no instruction details
// (text and length are all the listing needs).
#include "disasm/Disassembler.h"

#include <capstone/capstone.h>

#include <stdexcept>

namespace rwd {

Disassembler::Disassembler() {
  csh handle;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) throw std::runtime_error("Capstone could not start");
  cs_option(handle, CS_OPT_SYNTAX, CS_OPT_SYNTAX_INTEL);
  handle_ = handle;
}

Disassembler::~Disassembler() {
  csh handle = handle_;
  cs_close(&handle);
}

std::optional<InstructionText> Disassembler::decode(const uint8_t* bytes, size_t size, uint64_t address) const {
  cs_insn* instruction = nullptr;
  size_t count = cs_disasm(handle_, bytes, size, address, 1, &instruction);
  if (count == 0) return std::nullopt;
  InstructionText out;
  out.address = address;
  out.length = static_cast<uint8_t>(instruction->size);
  out.mnemonic = instruction->mnemonic;
  out.operands = instruction->op_str;
  cs_free(instruction, count);
  return out;
}

}  // namespace rwd
