// DecodedInstruction: Capstone's details, reduced to what probe placement asks.
#include "probe/DecodedInstruction.h"

#include <capstone/capstone.h>

#include "disasm/CapstoneHandle.h"

namespace rwd {

bool DecodedInstruction::decodeRegion(const CodeRegion& region, std::vector<DecodedInstruction>& out) {
  static const CapstoneHandle capstone(true);
  size_t at = 0;
  while (at < region.bytes.size()) {
    DecodedInstruction instruction;
    const bool ok = capstone.decodeFirst(
        region.bytes.data() + at, region.bytes.size() - at, region.start + at, [&](const cs_insn& decoded) {
          instruction.address = decoded.address;
          instruction.size = decoded.size;
          instruction.bytes = region.bytes.data() + at;
          instruction.text = std::string(decoded.mnemonic) + (decoded.op_str[0] ? " " : "") + decoded.op_str;
          const bool jump = capstone.inGroup(decoded, CS_GRP_JUMP);
          instruction.call = capstone.inGroup(decoded, CS_GRP_CALL);
          const cs_x86& x86 = decoded.detail->x86;
          const bool immediate = x86.op_count == 1 && x86.operands[0].type == X86_OP_IMM;
          if ((jump || instruction.call) && immediate) {
            instruction.relative = true;
            instruction.target = static_cast<uint64_t>(x86.operands[0].imm);
          }
          const bool unconditional = decoded.id == X86_INS_JMP || decoded.id == X86_INS_LJMP;
          const bool returns = capstone.inGroup(decoded, CS_GRP_RET) || capstone.inGroup(decoded, CS_GRP_IRET);
          instruction.indirectJump = unconditional && !immediate;
          instruction.endsFlow = unconditional || returns || decoded.id == X86_INS_HLT || decoded.id == X86_INS_UD2;
          instruction.endbr = decoded.id == X86_INS_ENDBR64;
          instruction.movesControl = jump || instruction.call || returns || capstone.inGroup(decoded, CS_GRP_INT) ||
                                     decoded.id == X86_INS_SYSCALL || decoded.id == X86_INS_SYSENTER ||
                                     decoded.id == X86_INS_HLT || decoded.id == X86_INS_UD2;
          for (int i = 0; i < x86.op_count; ++i) {
            const cs_x86_op& operand = x86.operands[i];
            if (operand.type == X86_OP_MEM && operand.mem.base == X86_REG_RIP) {
              instruction.ripRelative = true;
              instruction.displacementOffset = x86.encoding.disp_offset;
            } else if (operand.type == X86_OP_REG && operand.reg == X86_REG_RIP) {
              instruction.readsRipOtherwise = true;
            }
          }
          // A rip-relative operand the encoding does not place (no 32-bit displacement) is not re-encoded.
          if (instruction.ripRelative && (x86.encoding.disp_size != 4 || x86.encoding.disp_offset == 0))
            instruction.readsRipOtherwise = true;
        });
    if (!ok || instruction.size == 0) return false;
    out.push_back(instruction);
    at += instruction.size;
  }
  return true;
}

std::optional<FunctionCode> DecodedInstruction::decodeFunction(const ProbeSite& site,
                                                               std::vector<DecodedInstruction>& out, std::string& why) {
  auto code = FunctionCode::around(site, why);
  if (!code) return std::nullopt;
  for (const auto& region : code->regions) {
    if (!decodeRegion(region, out)) {
      why = "part of " + code->name + " does not decode as instructions";
      return std::nullopt;
    }
  }
  return code;
}

}  // namespace rwd
