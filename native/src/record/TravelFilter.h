// TravelFilter: what stops a search through the history — code addresses
// (breakpoints: a thread's pc arrives there) and memory ranges (data
// breakpoints: an entry writes there), optionally for one thread only —
// and TravelStop, where a search stopped and why.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <unordered_set>
#include <vector>

#include "record/MemoryRange.h"

namespace rwd {

struct TravelFilter {
  std::unordered_set<uint64_t> breakpoints;
  std::vector<MemoryRange> watched;
  pid_t tid = 0;  // 0: any thread's pc counts; else only this thread's (writes count from any thread)
};

struct TravelStop {
  enum class Reason { Breakpoint, Watchpoint };
  uint64_t index = 0;  // the position to travel to
  Reason reason = Reason::Breakpoint;
  pid_t tid = 0;         // the thread whose entry matched
  uint64_t address = 0;  // the breakpoint's address, or the first watched byte written
};

}  // namespace rwd
