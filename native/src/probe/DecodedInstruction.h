// DecodedInstruction: what the probe placement needs to know of one
// instruction of a function's machine code (Capstone's details), and the
// decoding of a whole code region. EmulatedApproach reads the ways into a
// place from it; TrampolinePlan what it may move and how to re-encode it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "probe/FunctionCode.h"

namespace rwd {

struct DecodedInstruction {
  uint64_t address = 0;
  size_t size = 0;
  const uint8_t* bytes = nullptr;
  std::string text;
  bool endsFlow = false;  // no fall-through (jmp, ret, hlt, ud2)
  bool indirectJump = false;
  bool relative = false;  // a direct jump, jcc, loop or call
  bool call = false;
  uint64_t target = 0;
  bool endbr = false;
  // Whether it changes control flow or the machine's state in a way that
  // depends on where it sits (any jump, call, return, interrupt, system
  // call), or reads rip other than through a rip-relative memory operand.
  bool movesControl = false;
  bool readsRipOtherwise = false;
  // A memory operand relative to rip: where its 32-bit displacement is in the bytes.
  bool ripRelative = false;
  uint8_t displacementOffset = 0;

  // Every instruction of `region`, in order; false when some bytes do not decode.
  static bool decodeRegion(const CodeRegion& region, std::vector<DecodedInstruction>& out);
  // The function around `site` and every instruction of it and its parts;
  // nullopt with `why` when it cannot be read or decoded.
  static std::optional<FunctionCode> decodeFunction(const ProbeSite& site, std::vector<DecodedInstruction>& out,
                                                    std::string& why);
};

}  // namespace rwd
