// InstructionDecoder: an instruction's length and the Capstone groups that
// say whether it calls, returns, jumps or enters the kernel.
#include "disasm/InstructionDecoder.h"

#include <capstone/capstone.h>

namespace rwd {

std::optional<DecodedInstruction> InstructionDecoder::decode(const uint8_t* bytes, size_t size,
                                                             uint64_t address) const {
  DecodedInstruction out;
  const bool decoded = capstone_.decodeFirst(bytes, size, address, [&](const cs_insn& instruction) {
    out.address = address;
    out.length = static_cast<uint8_t>(instruction.size);
    out.isCall = capstone_.inGroup(instruction, CS_GRP_CALL);
    out.isReturn = capstone_.inGroup(instruction, CS_GRP_RET);
    out.isSystemCall = capstone_.inGroup(instruction, CS_GRP_INT) || instruction.id == X86_INS_SYSCALL ||
                       instruction.id == X86_INS_SYSENTER;
    out.isJump = capstone_.inGroup(instruction, CS_GRP_JUMP) || capstone_.inGroup(instruction, CS_GRP_IRET) ||
                 capstone_.inGroup(instruction, CS_GRP_BRANCH_RELATIVE) || instruction.id == X86_INS_XBEGIN ||
                 instruction.id == X86_INS_XABORT || instruction.id == X86_INS_XEND;
    const cs_x86& x86 = instruction.detail->x86;
    for (uint8_t index = 0; index < x86.op_count; ++index) {
      if (x86.operands[index].type == X86_OP_MEM && x86.operands[index].mem.base == X86_REG_RIP) out.ripRelative = true;
    }
  });
  if (!decoded) return std::nullopt;
  return out;
}

}  // namespace rwd
