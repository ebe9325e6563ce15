// Disassembler: an instruction's length and Intel-syntax text (no
// instruction details: the listing needs nothing else).
#include "disasm/Disassembler.h"

#include <capstone/capstone.h>

namespace rwd {

std::optional<InstructionText> Disassembler::decode(const uint8_t* bytes, size_t size, uint64_t address) const {
  InstructionText out;
  const bool decoded = capstone_.decodeFirst(bytes, size, address, [&](const cs_insn& instruction) {
    out.address = address;
    out.length = static_cast<uint8_t>(instruction.size);
    out.mnemonic = instruction.mnemonic;
    out.operands = instruction.op_str;
  });
  if (!decoded) return std::nullopt;
  return out;
}

}  // namespace rwd
