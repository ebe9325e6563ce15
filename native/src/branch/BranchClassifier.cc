// BranchClassifier: Capstone's instruction groups (call, ret, jump,
// interrupt) and instruction ids (jmp versus jcc, syscall, sysenter).
#include "branch/BranchClassifier.h"

#include <capstone/capstone.h>

#include <stdexcept>

namespace rwd {

BranchClassifier::BranchClassifier() {
  csh handle;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) throw std::runtime_error("Capstone could not start");
  cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
  handle_ = handle;
}

BranchClassifier::~BranchClassifier() {
  csh handle = handle_;
  cs_close(&handle);
}

InstructionShape BranchClassifier::classify(const uint8_t* bytes, size_t size, uint64_t address) const {
  cs_insn* instruction = nullptr;
  size_t count = cs_disasm(handle_, bytes, size, address, 1, &instruction);
  if (count == 0) return {};
  InstructionShape shape;
  shape.length = static_cast<uint8_t>(instruction->size);
  const unsigned id = instruction->id;
  if (id == X86_INS_SYSCALL || id == X86_INS_SYSENTER || cs_insn_group(handle_, instruction, CS_GRP_INT)) {
    shape.flow = InstructionFlow::SystemCall;
  } else if (cs_insn_group(handle_, instruction, CS_GRP_CALL)) {
    shape.flow = InstructionFlow::Call;
  } else if (cs_insn_group(handle_, instruction, CS_GRP_RET) || cs_insn_group(handle_, instruction, CS_GRP_IRET)) {
    shape.flow = InstructionFlow::Return;
  } else if (cs_insn_group(handle_, instruction, CS_GRP_JUMP)) {
    shape.flow = (id == X86_INS_JMP || id == X86_INS_LJMP) ? InstructionFlow::Jump : InstructionFlow::ConditionalJump;
  } else {
    shape.flow = InstructionFlow::Sequential;
  }
  cs_free(instruction, count);
  return shape;
}

}  // namespace rwd
