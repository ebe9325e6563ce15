// CfaCalculator: the canonical frame address of a frame computed straight
// from the module's call frame information (.eh_frame, else .debug_frame)
// and the frame's registers — no unwinding. Line stepping asks for the CFA
// of frame 0 at every step, so this must stay cheap.
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <optional>

#include "symbols/MemoryCache.h"
#include "symbols/Unwinder.h"

namespace rwd {

class CfaCalculator {
 public:
  // `lookupPc` is the frame's pc (minus one for a return address).
  static std::optional<uint64_t> cfaAt(Dwfl* dwfl, uint64_t lookupPc, const FrameRegisters& registers,
                                       MemoryCache* memory);
};

}  // namespace rwd
