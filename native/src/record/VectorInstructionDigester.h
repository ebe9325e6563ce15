// VectorInstructionDigester: digests VEX (C4/C5) and EVEX (62) encoded
// instructions without Capstone. Capstone 4.0.2 cannot decode much of the
// AVX-512 code glibc runs here (vpcmpb, kmovd, vptestnmb, vpternlogd...),
// reports wrong VSIB index registers for scatters and marks most vector
// stores as reads. The set of VEX/EVEX instructions that store to memory is
// small and closed (moves, extracts, down-converting moves, compress,
// scatter, masked moves, kmov, vstmxcsr), so this digester decodes the
// encoding itself and treats every other memory operand as a load.
#pragma once

#include <cstddef>
#include <cstdint>

#include "record/DigestedInstruction.h"
#include "record/X86EncodingParser.h"

namespace rwd {

class VectorInstructionDigester {
 public:
  // `bytes` start at the instruction (its legacy prefixes are already in
  // `prefixes`); bytes[prefixes.length] is 0xC4, 0xC5 or 0x62.
  static DigestedInstruction digest(uint64_t address, const uint8_t* bytes, size_t available,
                                    const LegacyPrefixes& prefixes);
};

}  // namespace rwd
