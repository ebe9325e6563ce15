// X86EncodingParser: prefixes, REX and ModRM/SIB/displacement decoding.
#include "record/X86EncodingParser.h"

#include <cstdio>
#include <cstring>

namespace rwd {

bool X86EncodingParser::parsePrefixes(const uint8_t* bytes, size_t available, LegacyPrefixes& out) {
  out = LegacyPrefixes{};
  size_t position = 0;
  while (position < available && position < 15) {
    uint8_t byte = bytes[position];
    switch (byte) {
      case 0x26:
      case 0x2E:
      case 0x36:
      case 0x3E:
        out.segment = SegmentBase::None;  // es/cs/ss/ds: base 0 in 64-bit mode
        out.rex = 0;
        break;
      case 0x64:
        out.segment = SegmentBase::Fs;
        out.rex = 0;
        break;
      case 0x65:
        out.segment = SegmentBase::Gs;
        out.rex = 0;
        break;
      case 0x66:
        out.operandSize16 = true;
        out.rex = 0;
        break;
      case 0x67:
        out.address32 = true;
        out.rex = 0;
        break;
      case 0xF0:
        out.lock = true;
        out.rex = 0;
        break;
      case 0xF2:
      case 0xF3:
        out.repeat = byte;
        out.rex = 0;
        break;
      default:
        if ((byte & 0xF0) == 0x40) {
          out.rex = byte;  // kept only if the opcode follows directly
          break;
        }
        out.length = position;
        return true;
    }
    ++position;
  }
  return false;
}

bool X86EncodingParser::parseModrm(const uint8_t* bytes, size_t available, bool extendBase, bool extendIndex,
                                   bool address32, SegmentBase segment, ModrmOperand& out) {
  out = ModrmOperand{};
  if (available < 1) return false;
  uint8_t modrm = bytes[0];
  out.mod = modrm >> 6;
  out.reg = (modrm >> 3) & 7;
  out.rm = modrm & 7;
  size_t position = 1;
  if (out.mod == 3) {
    out.length = position;
    return true;
  }
  out.isMemory = true;
  out.address.segment = segment;
  out.address.address32 = address32;
  bool noBaseDisp32 = false;
  if (out.rm == 4) {
    if (available < 2) return false;
    uint8_t sib = bytes[1];
    position = 2;
    out.hasSib = true;
    uint8_t scale = sib >> 6;
    uint8_t index = ((sib >> 3) & 7) | (extendIndex ? 8 : 0);
    uint8_t base = sib & 7;
    out.sibIndex = index;
    out.address.scaleShift = scale;
    if (index != 4) out.address.index = slotOfEncoding(index);
    if (base == 5 && out.mod == 0) {
      noBaseDisp32 = true;
    } else {
      out.address.base = slotOfEncoding(base | (extendBase ? 8 : 0));
    }
  } else if (out.rm == 5 && out.mod == 0) {
    out.ripRelative = true;
    noBaseDisp32 = true;
  } else {
    out.address.base = slotOfEncoding(out.rm | (extendBase ? 8 : 0));
  }
  if (out.mod == 1) {
    if (available < position + 1) return false;
    out.address.displacement = static_cast<int8_t>(bytes[position]);
    out.hasDisp8 = true;
    position += 1;
  } else if (out.mod == 2 || noBaseDisp32) {
    if (available < position + 4) return false;
    int32_t disp32;
    std::memcpy(&disp32, bytes + position, 4);
    out.address.displacement = disp32;
    position += 4;
  }
  out.length = position;
  return true;
}

std::string X86EncodingParser::bytesText(const uint8_t* bytes, size_t count) {
  std::string text;
  char buffer[4];
  for (size_t i = 0; i < count; ++i) {
    std::snprintf(buffer, sizeof buffer, i ? " %02x" : "%02x", bytes[i]);
    text += buffer;
  }
  return text;
}

}  // namespace rwd
