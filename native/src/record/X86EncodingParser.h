// X86EncodingParser: the byte-level grammar of an x86-64 instruction that
// every encoding shares — legacy prefixes, REX, and the ModRM/SIB/displacement
// memory operand. Used where Capstone 4 cannot be trusted (VEX, EVEX and a few
// newer legacy opcodes); it knows no opcodes itself.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "record/DigestedInstruction.h"

namespace rwd {

struct LegacyPrefixes {
  size_t length = 0;  // bytes of prefixes, REX included
  SegmentBase segment = SegmentBase::None;
  bool operandSize16 = false;  // 0x66
  bool address32 = false;      // 0x67
  uint8_t repeat = 0;          // 0xF2 or 0xF3, the last one seen
  bool lock = false;
  uint8_t rex = 0;  // 0 when absent; only a REX right before the opcode counts
};

struct ModrmOperand {
  uint8_t mod = 0;
  uint8_t reg = 0;  // ModRM.reg, 3 bits, no extension
  uint8_t rm = 0;   // ModRM.rm, 3 bits, no extension
  bool isMemory = false;
  bool ripRelative = false;  // displacement is relative to the next instruction
  bool hasDisp8 = false;     // EVEX scales an 8-bit displacement by N
  uint8_t sibIndex = 0;      // SIB.index with REX.X/VEX.X applied (VSIB reads a vector register)
  bool hasSib = false;
  size_t length = 0;          // ModRM + SIB + displacement bytes
  AddressExpression address;  // base/index are register slots (index unset for VSIB)
};

class X86EncodingParser {
 public:
  // Reads prefixes from the start of `bytes`. False when there are more than
  // 14 or the buffer ends inside them.
  static bool parsePrefixes(const uint8_t* bytes, size_t available, LegacyPrefixes& out);

  // Parses the ModRM byte at `bytes` and what follows it. `extendBase` and
  // `extendIndex` are REX.B/REX.X (or their VEX/EVEX equivalents).
  static bool parseModrm(const uint8_t* bytes, size_t available, bool extendBase, bool extendIndex, bool address32,
                         SegmentBase segment, ModrmOperand& out);

  // "0f 05": instruction bytes for messages.
  static std::string bytesText(const uint8_t* bytes, size_t count);
};

}  // namespace rwd
