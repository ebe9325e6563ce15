// ProbedInstruction: the write range of a probed instruction, from its file.
#include "probe/ProbedInstruction.h"

#include <capstone/capstone.h>

#include <fstream>
#include <set>

#include "disasm/CapstoneHandle.h"
#include "probe/ProbeError.h"
#include "record/InstructionDigester.h"

namespace rwd {

namespace {

// General registers (every width), rip and rflags: what the saved context
// puts back.
bool isGeneralRegister(unsigned reg) {
  static const std::set<unsigned> general = {
      X86_REG_RAX,  X86_REG_EAX,  X86_REG_AX,   X86_REG_AL,  X86_REG_AH,   X86_REG_RBX,  X86_REG_EBX,    X86_REG_BX,
      X86_REG_BL,   X86_REG_BH,   X86_REG_RCX,  X86_REG_ECX, X86_REG_CX,   X86_REG_CL,   X86_REG_CH,     X86_REG_RDX,
      X86_REG_EDX,  X86_REG_DX,   X86_REG_DL,   X86_REG_DH,  X86_REG_RSI,  X86_REG_ESI,  X86_REG_SI,     X86_REG_SIL,
      X86_REG_RDI,  X86_REG_EDI,  X86_REG_DI,   X86_REG_DIL, X86_REG_RBP,  X86_REG_EBP,  X86_REG_BP,     X86_REG_BPL,
      X86_REG_RSP,  X86_REG_ESP,  X86_REG_SP,   X86_REG_SPL, X86_REG_RIP,  X86_REG_EIP,  X86_REG_EFLAGS, X86_REG_R8,
      X86_REG_R8D,  X86_REG_R8W,  X86_REG_R8B,  X86_REG_R9,  X86_REG_R9D,  X86_REG_R9W,  X86_REG_R9B,    X86_REG_R10,
      X86_REG_R10D, X86_REG_R10W, X86_REG_R10B, X86_REG_R11, X86_REG_R11D, X86_REG_R11W, X86_REG_R11B,   X86_REG_R12,
      X86_REG_R12D, X86_REG_R12W, X86_REG_R12B, X86_REG_R13, X86_REG_R13D, X86_REG_R13W, X86_REG_R13B,   X86_REG_R14,
      X86_REG_R14D, X86_REG_R14W, X86_REG_R14B, X86_REG_R15, X86_REG_R15D, X86_REG_R15W, X86_REG_R15B};
  return general.count(reg) != 0;
}

}  // namespace

WriteRange ProbedInstruction::writesOf(const ProbeSite& site) {
  uint8_t bytes[16] = {};
  std::ifstream file(site.path, std::ios::binary);
  file.seekg(static_cast<std::streamoff>(site.fileOffset));
  file.read(reinterpret_cast<char*>(bytes), sizeof bytes);
  const auto available = static_cast<size_t>(file.gcount());
  if (available == 0) throw ProbeError("the instruction at the breakpoint could not be read from " + site.path);

  InstructionDigester digester;
  const std::string text = digester.describe(site.address, bytes, available);
  const DigestedInstruction digest = digester.digest(site.address, bytes, available);
  auto refuse = [&](const std::string& why) -> WriteRange {
    throw ProbeError("the instruction at the breakpoint (" + text + ") " + why);
  };
  if (digest.length == 0) refuse("could not be decoded");
  if (digest.isSystemCall() || (digest.controlFlow & flow::kTrap)) refuse("enters the kernel");

  // Registers it writes: only those the saved general registers put back.
  static const CapstoneHandle capstone(true);
  std::string other;
  capstone.decodeFirst(bytes, available, site.address, [&](const cs_insn& instruction) {
    const cs_x86& x86 = instruction.detail->x86;
    for (uint8_t i = 0; i < instruction.detail->regs_write_count; ++i) {
      if (!isGeneralRegister(instruction.detail->regs_write[i])) other = "implicit register";
    }
    for (uint8_t i = 0; i < x86.op_count; ++i) {
      if (x86.operands[i].type == X86_OP_REG && (x86.operands[i].access & CS_AC_WRITE) &&
          !isGeneralRegister(x86.operands[i].reg)) {
        other = "vector, floating-point or segment register";
      }
    }
  });
  if (!other.empty()) refuse("writes a " + other + ", which a probe cannot put back");

  WriteRange range;
  switch (digest.recipe) {
    case WriteRecipe::None:
      return range;
    case WriteRecipe::Push:
      range.writes = true;
      range.baseOffset = static_cast<int>(slots::rsp) * 8;
      range.displacement = -static_cast<int64_t>(digest.size);
      range.size = digest.size;
      break;
    case WriteRecipe::Operand: {
      const AddressExpression& address = digest.address;
      if (address.segment != SegmentBase::None) refuse("writes through fs: or gs:");
      if (address.address32) refuse("uses 32-bit addressing");
      range.writes = true;
      range.baseOffset = address.base == kNoRegister ? -1 : address.base * 8;
      range.indexOffset = address.index == kNoRegister ? -1 : address.index * 8;
      range.scale = 1 << address.scaleShift;
      range.displacement = address.displacement;
      range.size = digest.size;
      break;
    }
    default:
      refuse("writes memory in a way a probe does not save");
  }
  if (digest.maybePartial) refuse("is a masked store");
  if (range.size == 0 || range.size > WriteRange::kMaxSize) refuse("writes more than 64 bytes");
  return range;
}

}  // namespace rwd
