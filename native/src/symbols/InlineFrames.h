// InlineFrames: the frames a user sees in one machine frame. Where the pc is
// in code the compiler inlined (DW_TAG_inlined_subroutine), each inlined
// function is a frame of its own, innermost first, above the function whose
// code it is; an inlined function's caller stands at the line of the call
// (DW_AT_call_file / DW_AT_call_line), as gdb shows them.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "symbols/SymbolIndex.h"
#include "symbols/Unwinder.h"

namespace rwd {

class InlineFrames {
 public:
  struct Level {
    std::string function;                    // the inlined function, qualified
    std::optional<SourceLocation> callSite;  // where its caller called it
  };

  // The inlined copies that hold `lookupPc`, innermost first.
  static std::vector<Level> levelsAt(Dwfl* dwfl, uint64_t lookupPc);
  // The inlined copies that hold `pc` as DIE offsets, innermost first: two
  // places are in the same inlined call when their chains are equal.
  static std::vector<uint64_t> chainAt(Dwfl* dwfl, uint64_t pc);
  // Whether `inner` is `outer` with more inlined calls inside it.
  static bool isInlinedInto(const std::vector<uint64_t>& inner, const std::vector<uint64_t>& outer);
  // Frames of `tid` from `start` (in user frames), at most `max`: machine
  // frames expanded with one frame per inlined level (Frame::inlineDepth).
  static std::vector<Frame> frames(Unwinder& unwinder, Dwfl* dwfl, pid_t tid, int start, int max, bool* reachedEnd);
  // The name and place of a frame `frames` gave: the inlined function's for
  // an inlined level, else `outerName` and the line table's place.
  static std::pair<std::string, std::optional<SourceLocation>> describe(SymbolIndex& symbols, const Frame& frame,
                                                                        const std::string& outerName);
};

}  // namespace rwd
