// InstructionDigester: turns the bytes of one x86-64 instruction into a
// DigestedInstruction. VEX/EVEX encodings go to VectorInstructionDigester;
// a few legacy opcodes Capstone 4 does not know (movdir64b, movdiri, clzero,
// rdpid, serialize, rdpkru, wrpkru) are decoded here; everything else goes
// through Capstone. Anything none of them can decode is Unknown, never
// "writes nothing". Not thread-safe (Capstone's scratch instruction is
// reused): one per recording thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>

#include "record/DigestedInstruction.h"
#include "record/LegacyInstructionDigester.h"

namespace rwd {

class InstructionDigester {
 public:
  // `bytes` hold the instruction at `address` (up to 15 bytes; fewer only at
  // the end of a mapping). Never throws for bad input.
  DigestedInstruction digest(uint64_t address, const uint8_t* bytes, size_t available) const;

  // A readable rendering for messages: Capstone's text, or the hex bytes.
  std::string describe(uint64_t address, const uint8_t* bytes, size_t available) const;

 private:
  std::optional<DigestedInstruction> digestNewerLegacy(uint64_t address, const uint8_t* bytes, size_t available,
                                                       size_t prefixLength, bool operand16, bool address32,
                                                       uint8_t repeat, uint8_t rex, SegmentBase segment) const;
  LegacyInstructionDigester legacy_;
};

}  // namespace rwd
