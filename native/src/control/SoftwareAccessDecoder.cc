// SoftwareAccessDecoder: Capstone operands to address recipes, and recipes
// to addresses.
#include "control/SoftwareAccessDecoder.h"

#include <capstone/capstone.h>

#include <algorithm>
#include <cstring>

#include "record/RegisterSlot.h"

namespace rwd {

namespace {

// Instructions with a memory operand that they do not access.
bool namesMemoryWithoutAccess(unsigned id) {
  switch (id) {
    case X86_INS_LEA:
    case X86_INS_NOP:
    case X86_INS_PREFETCH:
    case X86_INS_PREFETCHNTA:
    case X86_INS_PREFETCHT0:
    case X86_INS_PREFETCHT1:
    case X86_INS_PREFETCHT2:
    case X86_INS_PREFETCHW:
      return true;
  }
  return false;
}

// The slot of a general-purpose register used in an address; false for
// anything else (16-bit or vector registers cannot be evaluated here).
bool addressRegister(unsigned reg, RegisterSlot& slot, bool& is32) {
  static const unsigned r64[16] = {X86_REG_RAX, X86_REG_RCX, X86_REG_RDX, X86_REG_RBX, X86_REG_RSP, X86_REG_RBP,
                                   X86_REG_RSI, X86_REG_RDI, X86_REG_R8,  X86_REG_R9,  X86_REG_R10, X86_REG_R11,
                                   X86_REG_R12, X86_REG_R13, X86_REG_R14, X86_REG_R15};
  static const unsigned r32[16] = {X86_REG_EAX,  X86_REG_ECX,  X86_REG_EDX,  X86_REG_EBX, X86_REG_ESP,  X86_REG_EBP,
                                   X86_REG_ESI,  X86_REG_EDI,  X86_REG_R8D,  X86_REG_R9D, X86_REG_R10D, X86_REG_R11D,
                                   X86_REG_R12D, X86_REG_R13D, X86_REG_R14D, X86_REG_R15D};
  for (unsigned i = 0; i < 16; ++i) {
    if (reg == r64[i] || reg == r32[i]) {
      slot = slotOfEncoding(i);
      is32 = reg == r32[i];
      return true;
    }
  }
  return false;
}

bool toRecipe(const x86_op_mem& memory, uint64_t nextInstruction, AddressExpression& out) {
  out = AddressExpression{};
  out.displacement = memory.disp;
  if (memory.segment == X86_REG_FS) out.segment = SegmentBase::Fs;
  if (memory.segment == X86_REG_GS) out.segment = SegmentBase::Gs;
  out.scaleShift = memory.scale == 8 ? 3 : memory.scale == 4 ? 2 : memory.scale == 2 ? 1 : 0;
  bool is32 = false;
  if (memory.base == X86_REG_RIP) {
    out.displacement = static_cast<int64_t>(nextInstruction + static_cast<uint64_t>(memory.disp));
  } else if (memory.base != X86_REG_INVALID) {
    if (!addressRegister(memory.base, out.base, is32)) return false;
    out.address32 = is32;
  }
  if (memory.index != X86_REG_INVALID && memory.index != X86_REG_RIZ && memory.index != X86_REG_EIZ) {
    if (!addressRegister(memory.index, out.index, is32)) return false;  // a vector index (VSIB) too
    out.address32 = out.address32 || is32;
  }
  return true;
}

AccessRecipe stackSlot(RegisterSlot base, int64_t displacement) {
  AccessRecipe recipe;
  recipe.address.base = base;
  recipe.address.displacement = displacement;
  recipe.size = 8;
  return recipe;
}

}  // namespace

const InstructionAccesses& SoftwareAccessDecoder::lookup(uint64_t address, const uint8_t* bytes, size_t available) {
  available = std::min<size_t>(available, 15);
  auto found = entries_.find(address);
  if (found != entries_.end()) {
    const Entry& entry = found->second;
    if (available >= entry.checked && std::memcmp(entry.bytes, bytes, entry.checked) == 0) return entry.accesses;
  }
  Entry& entry = entries_[address];
  decode(address, bytes, available, entry);
  return entry.accesses;
}

void SoftwareAccessDecoder::decode(uint64_t address, const uint8_t* bytes, size_t available, Entry& entry) {
  ++decodes_;
  entry = Entry{};
  std::memcpy(entry.bytes, bytes, available);
  entry.checked = static_cast<uint8_t>(available);  // undecodable: kept until these bytes change
  auto control = control_.decode(bytes, available, address);
  if (!control) return;
  entry.checked = control->length;
  entry.accesses.mayBlock = control->isSystemCall;
  InstructionAccesses& out = entry.accesses;
  capstone_.decodeFirst(bytes, available, address, [&](const cs_insn& instruction) {
    const cs_x86& x86 = instruction.detail->x86;
    const uint64_t next = address + instruction.size;
    if (!namesMemoryWithoutAccess(instruction.id)) {
      for (int i = 0; i < x86.op_count; ++i) {
        const cs_x86_op& operand = x86.operands[i];
        if (operand.type != X86_OP_MEM) continue;
        AccessRecipe recipe;
        if (!toRecipe(operand.mem, next, recipe.address)) continue;
        recipe.size = std::max<uint32_t>(operand.size, 1);
        out.accesses.push_back(recipe);
      }
    }
    switch (instruction.id) {
      case X86_INS_PUSH:
      case X86_INS_PUSHFQ:
      case X86_INS_CALL:
        out.accesses.push_back(stackSlot(slots::rsp, -8));
        break;
      case X86_INS_POP:
      case X86_INS_POPFQ:
      case X86_INS_RET:
        out.accesses.push_back(stackSlot(slots::rsp, 0));
        break;
      case X86_INS_LEAVE:
        out.accesses.push_back(stackSlot(slots::rbp, 0));
        break;
      default:
        break;
    }
  });
}

void SoftwareAccessDecoder::evaluate(const InstructionAccesses& instruction, const user_regs_struct& regs,
                                     std::vector<MemoryRange>& out) {
  for (const AccessRecipe& access : instruction.accesses) {
    out.push_back(MemoryRange{effectiveAddress(access.address, regs), access.size, false});
  }
}

}  // namespace rwd
