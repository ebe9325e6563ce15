// InstructionDigester: dispatch between the vector digester, the newer
// legacy opcodes, and Capstone.
#include "record/InstructionDigester.h"

#include "record/VectorInstructionDigester.h"
#include "record/X86EncodingParser.h"

namespace rwd {

std::optional<DigestedInstruction> InstructionDigester::digestNewerLegacy(uint64_t address, const uint8_t* bytes,
                                                                          size_t available, size_t prefixLength,
                                                                          bool operand16, bool address32,
                                                                          uint8_t repeat, uint8_t rex,
                                                                          SegmentBase segment) const {
  const uint8_t* op = bytes + prefixLength;
  const size_t left = available - prefixLength;
  if (left < 3 || op[0] != 0x0F) return std::nullopt;
  DigestedInstruction result;
  if (op[1] == 0x38 && (op[2] == 0xF8 || op[2] == 0xF9)) {
    ModrmOperand modrm;
    if (!X86EncodingParser::parseModrm(op + 3, left - 3, rex & 1, rex & 2, address32, segment, modrm))
      return std::nullopt;
    result.length = static_cast<uint8_t>(prefixLength + 3 + modrm.length);
    if (!modrm.isMemory) return std::nullopt;
    if (op[2] == 0xF8 && operand16 && !repeat) {
      // movdir64b r, m512: 64 bytes to es:[r] (the register is ModRM.reg).
      result.recipe = WriteRecipe::Operand;
      result.size = 64;
      result.address.base = slotOfEncoding(modrm.reg | ((rex & 4) ? 8 : 0));
      result.address.address32 = address32;
      return result;
    }
    if (op[2] == 0xF9 && !operand16 && !repeat) {
      // movdiri m32/m64, r.
      result.recipe = WriteRecipe::Operand;
      result.size = (rex & 8) ? 8 : 4;
      result.address = modrm.address;
      if (modrm.ripRelative) {
        result.address.base = kNoRegister;
        result.address.displacement = static_cast<int64_t>(address + result.length + modrm.address.displacement);
      }
      return result;
    }
    result.recipe = WriteRecipe::Unknown;
    result.description = "enqcmd/enqcmds (bytes " + X86EncodingParser::bytesText(bytes, result.length) +
                         ") are not supported by the recorder";
    return result;
  }
  if (op[1] == 0x01 && op[2] == 0xFC && !repeat && !operand16) {  // clzero (AMD)
    result.length = static_cast<uint8_t>(prefixLength + 3);
    result.recipe = WriteRecipe::CacheLineAtRax;
    result.address.address32 = address32;
    return result;
  }
  if (op[1] == 0x01 && (op[2] == 0xE8 || op[2] == 0xEE || op[2] == 0xEF) && !repeat && !operand16) {
    // serialize, rdpkru, wrpkru (pkey_get/pkey_set): registers only
    result.length = static_cast<uint8_t>(prefixLength + 3);
    return result;
  }
  if (op[1] == 0xC7 && repeat == 0xF3 && left >= 3 && (op[2] & 0xF8) == 0xF8) {  // rdpid r64
    result.length = static_cast<uint8_t>(prefixLength + 3);
    return result;
  }
  return std::nullopt;
}

DigestedInstruction InstructionDigester::digest(uint64_t address, const uint8_t* bytes, size_t available) const {
  if (available > 15) available = 15;
  DigestedInstruction result;
  LegacyPrefixes prefixes;
  if (available == 0 || !X86EncodingParser::parsePrefixes(bytes, available, prefixes)) {
    result.recipe = WriteRecipe::Unknown;
    result.description = "undecodable instruction (bytes " + X86EncodingParser::bytesText(bytes, available) + ")";
    return result;
  }
  const uint8_t escape = bytes[prefixes.length];
  if (escape == 0xC4 || escape == 0xC5 || escape == 0x62) {
    result = VectorInstructionDigester::digest(address, bytes, available, prefixes);
    if (result.recipe == WriteRecipe::Unknown) {
      std::string text = legacy_.text(address, bytes, available);
      if (!text.empty()) result.description = text + ": " + result.description;
    }
    return result;
  }
  if (auto newer = digestNewerLegacy(address, bytes, available, prefixes.length, prefixes.operandSize16,
                                     prefixes.address32, prefixes.repeat, prefixes.rex, prefixes.segment)) {
    return *newer;
  }
  if (legacy_.digest(address, bytes, available, result)) return result;
  result = DigestedInstruction{};
  result.recipe = WriteRecipe::Unknown;
  result.description = "undecodable instruction (bytes " + X86EncodingParser::bytesText(bytes, available) + ")";
  return result;
}

std::string InstructionDigester::describe(uint64_t address, const uint8_t* bytes, size_t available) const {
  if (available > 15) available = 15;
  std::string text = legacy_.text(address, bytes, available);
  return text.empty() ? "bytes " + X86EncodingParser::bytesText(bytes, available) : text;
}

}  // namespace rwd
