// BranchClassifier: Capstone's instruction groups (call, ret, jump,
// interrupt) and instruction ids (jmp versus jcc, syscall, sysenter).
#include "branch/BranchClassifier.h"

#include <capstone/capstone.h>

namespace rwd {

InstructionShape BranchClassifier::classify(const uint8_t* bytes, size_t size, uint64_t address) const {
  InstructionShape shape;
  capstone_.decodeFirst(bytes, size, address, [&](const cs_insn& instruction) {
    shape.length = static_cast<uint8_t>(instruction.size);
    const unsigned id = instruction.id;
    if (id == X86_INS_SYSCALL || id == X86_INS_SYSENTER || capstone_.inGroup(instruction, CS_GRP_INT)) {
      shape.flow = InstructionFlow::SystemCall;
    } else if (capstone_.inGroup(instruction, CS_GRP_CALL)) {
      shape.flow = InstructionFlow::Call;
    } else if (capstone_.inGroup(instruction, CS_GRP_RET) || capstone_.inGroup(instruction, CS_GRP_IRET)) {
      shape.flow = InstructionFlow::Return;
    } else if (capstone_.inGroup(instruction, CS_GRP_JUMP)) {
      shape.flow = (id == X86_INS_JMP || id == X86_INS_LJMP) ? InstructionFlow::Jump : InstructionFlow::ConditionalJump;
    } else {
      shape.flow = InstructionFlow::Sequential;
    }
  });
  return shape;
}

}  // namespace rwd
