// InstructionDecoder: one Capstone handle, instruction groups for calls and
// returns.
#include "disasm/InstructionDecoder.h"

#include <capstone/capstone.h>

#include <stdexcept>

namespace rwd {

InstructionDecoder::InstructionDecoder() {
  csh handle;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) throw std::runtime_error("Capstone could not start");
  cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
  handle_ = handle;
}

InstructionDecoder::~InstructionDecoder() {
  csh handle = handle_;
  cs_close(&handle);
}

std::optional<DecodedInstruction> InstructionDecoder::decode(const uint8_t* bytes, size_t size, uint64_t address) const {
  cs_insn* instruction = nullptr;
  size_t count = cs_disasm(handle_, bytes, size, address, 1, &instruction);
  if (count == 0) return std::nullopt;
  DecodedInstruction out;
  out.address = address;
  out.length = static_cast<uint8_t>(instruction->size);
  out.isCall = cs_insn_group(handle_, instruction, CS_GRP_CALL);
  out.isReturn = cs_insn_group(handle_, instruction, CS_GRP_RET);
  out.isSystemCall = cs_insn_group(handle_, instruction, CS_GRP_INT) || instruction->id == X86_INS_SYSCALL ||
                     instruction->id == X86_INS_SYSENTER;
  cs_free(instruction, count);
  return out;
}

}  // namespace rwd
