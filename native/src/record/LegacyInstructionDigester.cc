// LegacyInstructionDigester: Capstone decoding plus the per-instruction
// write rules for legacy encodings.
#include "record/LegacyInstructionDigester.h"

#include <capstone/capstone.h>

#include <stdexcept>

namespace rwd {

namespace {

// Instructions whose memory operand, though listed first, is only read (or
// not accessed at all).
bool onlyReadsFirstOperand(unsigned id) {
  switch (id) {
    case X86_INS_CMP:
    case X86_INS_TEST:
    case X86_INS_BT:
    case X86_INS_JMP:
    case X86_INS_LJMP:
    case X86_INS_DIV:
    case X86_INS_IDIV:
    case X86_INS_MUL:
    case X86_INS_IMUL:
    case X86_INS_NOP:
    case X86_INS_PREFETCH:
    case X86_INS_PREFETCHNTA:
    case X86_INS_PREFETCHT0:
    case X86_INS_PREFETCHT1:
    case X86_INS_PREFETCHT2:
    case X86_INS_PREFETCHW:
    case X86_INS_CLFLUSH:
    case X86_INS_CLFLUSHOPT:
    case X86_INS_CLWB:
    case X86_INS_FLD:
    case X86_INS_FILD:
    case X86_INS_FBLD:
    case X86_INS_FADD:
    case X86_INS_FSUB:
    case X86_INS_FSUBR:
    case X86_INS_FMUL:
    case X86_INS_FDIV:
    case X86_INS_FDIVR:
    case X86_INS_FCOM:
    case X86_INS_FCOMP:
    case X86_INS_FIADD:
    case X86_INS_FISUB:
    case X86_INS_FISUBR:
    case X86_INS_FIMUL:
    case X86_INS_FIDIV:
    case X86_INS_FIDIVR:
    case X86_INS_FICOM:
    case X86_INS_FICOMP:
    case X86_INS_FLDCW:
    case X86_INS_FLDENV:
    case X86_INS_FRSTOR:
    case X86_INS_FXRSTOR:
    case X86_INS_FXRSTOR64:
    case X86_INS_XRSTOR:
    case X86_INS_XRSTOR64:
    case X86_INS_XRSTORS:
    case X86_INS_XRSTORS64:
    case X86_INS_LDMXCSR:
    case X86_INS_VERR:
    case X86_INS_VERW:
    case X86_INS_LGDT:
    case X86_INS_LIDT:
    case X86_INS_LLDT:
    case X86_INS_LMSW:
    case X86_INS_LTR:
    case X86_INS_INVLPG:
    case X86_INS_CMPSB:
    case X86_INS_CMPSW:
    case X86_INS_CMPSD:
    case X86_INS_CMPSQ:
      return true;
  }
  return false;
}

bool isXsave(unsigned id) {
  switch (id) {
    case X86_INS_XSAVE:
    case X86_INS_XSAVE64:
    case X86_INS_XSAVEC:
    case X86_INS_XSAVEC64:
    case X86_INS_XSAVEOPT:
    case X86_INS_XSAVEOPT64:
    case X86_INS_XSAVES:
    case X86_INS_XSAVES64:
      return true;
  }
  return false;
}

bool isConditionalJump(unsigned id) {
  switch (id) {
    case X86_INS_JAE:
    case X86_INS_JA:
    case X86_INS_JBE:
    case X86_INS_JB:
    case X86_INS_JCXZ:
    case X86_INS_JECXZ:
    case X86_INS_JE:
    case X86_INS_JGE:
    case X86_INS_JG:
    case X86_INS_JLE:
    case X86_INS_JL:
    case X86_INS_JNE:
    case X86_INS_JNO:
    case X86_INS_JNP:
    case X86_INS_JNS:
    case X86_INS_JO:
    case X86_INS_JP:
    case X86_INS_JRCXZ:
    case X86_INS_JS:
    case X86_INS_LOOP:
    case X86_INS_LOOPE:
    case X86_INS_LOOPNE:
    case X86_INS_XBEGIN:
      return true;
  }
  return false;
}

bool hasPrefix(const cs_x86& x86, uint8_t prefix) {
  for (uint8_t byte : x86.prefix)
    if (byte == prefix) return true;
  return false;
}

const cs_x86_op* firstMemoryOperand(const cs_x86& x86) {
  for (int i = 0; i < x86.op_count; ++i)
    if (x86.operands[i].type == X86_OP_MEM) return &x86.operands[i];
  return nullptr;
}

}  // namespace

LegacyInstructionDigester::LegacyInstructionDigester() {
  csh handle;
  if (cs_open(CS_ARCH_X86, CS_MODE_64, &handle) != CS_ERR_OK) throw std::runtime_error("Capstone cannot open x86-64");
  cs_option(handle, CS_OPT_DETAIL, CS_OPT_ON);
  handle_ = handle;
  scratch_ = cs_malloc(handle);

  registers_.assign(X86_REG_ENDING, RegisterInfo{});
  const x86_reg r64[16] = {X86_REG_RAX, X86_REG_RCX, X86_REG_RDX, X86_REG_RBX, X86_REG_RSP, X86_REG_RBP,
                           X86_REG_RSI, X86_REG_RDI, X86_REG_R8,  X86_REG_R9,  X86_REG_R10, X86_REG_R11,
                           X86_REG_R12, X86_REG_R13, X86_REG_R14, X86_REG_R15};
  const x86_reg r32[16] = {X86_REG_EAX,  X86_REG_ECX,  X86_REG_EDX,  X86_REG_EBX, X86_REG_ESP,  X86_REG_EBP,
                           X86_REG_ESI,  X86_REG_EDI,  X86_REG_R8D,  X86_REG_R9D, X86_REG_R10D, X86_REG_R11D,
                           X86_REG_R12D, X86_REG_R13D, X86_REG_R14D, X86_REG_R15D};
  const x86_reg r16[16] = {X86_REG_AX,   X86_REG_CX,   X86_REG_DX,   X86_REG_BX,  X86_REG_SP,   X86_REG_BP,
                           X86_REG_SI,   X86_REG_DI,   X86_REG_R8W,  X86_REG_R9W, X86_REG_R10W, X86_REG_R11W,
                           X86_REG_R12W, X86_REG_R13W, X86_REG_R14W, X86_REG_R15W};
  for (unsigned i = 0; i < 16; ++i) {
    registers_[r64[i]] = RegisterInfo{slotOfEncoding(i), 8};
    registers_[r32[i]] = RegisterInfo{slotOfEncoding(i), 4};
    registers_[r16[i]] = RegisterInfo{slotOfEncoding(i), 2};
  }
}

LegacyInstructionDigester::~LegacyInstructionDigester() {
  cs_free(static_cast<cs_insn*>(scratch_), 1);
  csh handle = handle_;
  cs_close(&handle);
}

bool LegacyInstructionDigester::toAddress(const void* memoryOperand, uint64_t nextInstruction,
                                          AddressExpression& out) const {
  const x86_op_mem& memory = static_cast<const cs_x86_op*>(memoryOperand)->mem;
  out = AddressExpression{};
  out.displacement = memory.disp;
  if (memory.segment == X86_REG_FS) out.segment = SegmentBase::Fs;
  if (memory.segment == X86_REG_GS) out.segment = SegmentBase::Gs;
  out.scaleShift = memory.scale == 8 ? 3 : memory.scale == 4 ? 2 : memory.scale == 2 ? 1 : 0;
  if (memory.base == X86_REG_RIP || memory.base == X86_REG_EIP) {
    uint64_t target = nextInstruction + static_cast<uint64_t>(memory.disp);
    out.address32 = memory.base == X86_REG_EIP;
    out.displacement = static_cast<int64_t>(out.address32 ? target & 0xFFFFFFFFu : target);
  } else if (memory.base != X86_REG_INVALID) {
    const RegisterInfo& base = registers_[memory.base];
    if (base.slot == kNoRegister || base.width < 4) return false;
    out.base = base.slot;
    out.address32 = base.width == 4;
  }
  if (memory.index != X86_REG_INVALID && memory.index != X86_REG_RIZ && memory.index != X86_REG_EIZ) {
    const RegisterInfo& index = registers_[memory.index];
    if (index.slot == kNoRegister || index.width < 4) return false;
    out.index = index.slot;
    out.address32 = index.width == 4;
  }
  return true;
}

bool LegacyInstructionDigester::digest(uint64_t address, const uint8_t* bytes, size_t available,
                                       DigestedInstruction& out) const {
  out = DigestedInstruction{};
  cs_insn* insn = static_cast<cs_insn*>(scratch_);
  const uint8_t* code = bytes;
  size_t size = available;
  uint64_t pc = address;
  if (!cs_disasm_iter(handle_, &code, &size, &pc, insn)) return false;
  const cs_x86& x86 = insn->detail->x86;
  const unsigned id = insn->id;
  out.length = static_cast<uint8_t>(insn->size);
  const uint64_t next = address + insn->size;
  auto describeUnknown = [&](const std::string& why) {
    out.recipe = WriteRecipe::Unknown;
    out.description = std::string(insn->mnemonic) + " " + insn->op_str + ": " + why;
  };

  // Control flow.
  for (uint8_t i = 0; i < insn->detail->groups_count; ++i) {
    switch (insn->detail->groups[i]) {
      case CS_GRP_CALL:
        out.controlFlow |= flow::kCall | flow::kBranch;
        break;
      case CS_GRP_RET:
      case CS_GRP_IRET:
        out.controlFlow |= flow::kReturn | flow::kBranch;
        break;
      case CS_GRP_JUMP:
        out.controlFlow |= flow::kBranch;
        break;
    }
  }
  if (isConditionalJump(id)) out.controlFlow |= flow::kBranch | flow::kConditional;
  if ((out.controlFlow & flow::kBranch) && x86.op_count >= 1 && x86.operands[0].type == X86_OP_IMM &&
      id != X86_INS_RET && id != X86_INS_RETF && id != X86_INS_RETFQ && id != X86_INS_LJMP && id != X86_INS_LCALL) {
    out.controlFlow |= flow::kStaticTarget;
    out.branchTarget = static_cast<uint64_t>(x86.operands[0].imm);
  }

  const cs_x86_op* memory = firstMemoryOperand(x86);
  const bool memoryFirst = x86.op_count >= 1 && x86.operands[0].type == X86_OP_MEM;
  auto writeOperand = [&](const cs_x86_op* operand, uint32_t bytesWritten) {
    if (!toAddress(operand, next, out.address)) {
      describeUnknown("unsupported address registers");
      return;
    }
    if (bytesWritten == 0) {
      describeUnknown("the size of its memory operand is unknown");
      return;
    }
    out.recipe = WriteRecipe::Operand;
    out.size = bytesWritten;
  };

  switch (id) {
    case X86_INS_SYSCALL:
      out.controlFlow |= flow::kSystemCall;
      return true;
    case X86_INS_SYSENTER:
      describeUnknown("sysenter system calls are not supported by the recorder");
      return true;
    case X86_INS_INT:
      if (x86.op_count >= 1 && x86.operands[0].imm == 0x80) {
        describeUnknown("32-bit system calls (int 0x80) are not supported by the recorder");
        return true;
      }
      out.controlFlow |= flow::kTrap;
      return true;
    case X86_INS_INT1:
    case X86_INS_INT3:
    case X86_INS_INTO:
    case X86_INS_UD0:
    case X86_INS_UD2:
    case X86_INS_UD2B:
    case X86_INS_HLT:
      out.controlFlow |= flow::kTrap;
      return true;
    case X86_INS_PUSH:
      out.recipe = WriteRecipe::Push;
      out.size = hasPrefix(x86, 0x66) ? 2 : 8;
      return true;
    case X86_INS_PUSHF:
    case X86_INS_PUSHFD:
    case X86_INS_PUSHFQ:
      out.recipe = WriteRecipe::Push;
      out.size = id == X86_INS_PUSHF && hasPrefix(x86, 0x66) ? 2 : 8;
      return true;
    case X86_INS_CALL:
      out.recipe = WriteRecipe::Push;
      out.size = 8;
      return true;
    case X86_INS_LCALL:
      out.recipe = WriteRecipe::Push;
      out.size = 16;  // return selector and offset
      return true;
    case X86_INS_ENTER:
      out.recipe = WriteRecipe::Enter;
      out.size = x86.op_count >= 2 ? static_cast<uint32_t>(x86.operands[1].imm & 31) : 0;
      return true;
    case X86_INS_STOSB:
    case X86_INS_STOSW:
    case X86_INS_STOSD:
    case X86_INS_STOSQ:
    case X86_INS_MOVSB:
    case X86_INS_MOVSW:
    case X86_INS_MOVSD:
    case X86_INS_MOVSQ:
    case X86_INS_INSB:
    case X86_INS_INSW:
    case X86_INS_INSD: {
      if (id == X86_INS_MOVSD && x86.opcode[0] != 0xA5) break;  // SSE movsd: an ordinary operand
      out.recipe = WriteRecipe::StringStore;
      out.elementSize = memory && memory->size ? memory->size : 1;
      out.repeated = hasPrefix(x86, 0xF3) || hasPrefix(x86, 0xF2);
      out.address.address32 = x86.addr_size == 4;
      return true;
    }
    case X86_INS_FXSAVE:
    case X86_INS_FXSAVE64:
      if (memory) writeOperand(memory, 512);
      return true;
    case X86_INS_FNSAVE:
      if (memory) writeOperand(memory, 108);
      return true;
    case X86_INS_FNSTENV:
      if (memory) writeOperand(memory, 28);
      return true;
    case X86_INS_MASKMOVQ:
    case X86_INS_MASKMOVDQU:
      out.recipe = WriteRecipe::ImplicitRdi;
      out.size = id == X86_INS_MASKMOVQ ? 8 : 16;
      out.maybePartial = true;
      out.address.address32 = x86.addr_size == 4;
      return true;
    case X86_INS_CMPXCHG:
    case X86_INS_CMPXCHG8B:
    case X86_INS_CMPXCHG16B:
    case X86_INS_XCHG:
    case X86_INS_XADD:
      if (memory) writeOperand(memory, memory->size);
      return true;
    case X86_INS_BTS:
    case X86_INS_BTR:
    case X86_INS_BTC:
      if (memoryFirst && x86.op_count >= 2 && x86.operands[1].type == X86_OP_REG) {
        const RegisterInfo& offset = registers_[x86.operands[1].reg];
        writeOperand(memory, memory->size);
        if (out.recipe != WriteRecipe::Operand) return true;
        if (offset.slot == kNoRegister) {
          describeUnknown("unsupported bit offset register");
          return true;
        }
        out.recipe = WriteRecipe::BitString;
        out.offsetRegister = offset.slot;
        out.offsetWidth = offset.width;
        return true;
      }
      break;
    case X86_INS_POP:
      if (memoryFirst) {
        writeOperand(memory, memory->size);
        // The address of pop's destination is computed after rsp moved up.
        if (out.address.base == slots::rsp) out.address.displacement += hasPrefix(x86, 0x66) ? 2 : 8;
      }
      return true;
  }
  if (isXsave(id)) {
    if (memory && toAddress(memory, next, out.address)) {
      out.recipe = WriteRecipe::XsaveArea;
      out.compactedXsave =
          id == X86_INS_XSAVEC || id == X86_INS_XSAVEC64 || id == X86_INS_XSAVES || id == X86_INS_XSAVES64;
    } else {
      describeUnknown("unsupported xsave operand");
    }
    return true;
  }
  if (memoryFirst && !onlyReadsFirstOperand(id)) writeOperand(memory, memory->size);
  return true;
}

std::string LegacyInstructionDigester::text(uint64_t address, const uint8_t* bytes, size_t available) const {
  cs_insn* insn = static_cast<cs_insn*>(scratch_);
  const uint8_t* code = bytes;
  size_t size = available;
  uint64_t pc = address;
  if (!cs_disasm_iter(handle_, &code, &size, &pc, insn)) return "";
  std::string result = insn->mnemonic;
  if (insn->op_str[0]) result += std::string(" ") + insn->op_str;
  return result;
}

}  // namespace rwd
