// StopReport: what the user is told when the program stops.
#pragma once

#include <sys/types.h>

#include <cstdint>

#include <string>
#include <vector>

#include "core/DebugEnums.h"

namespace rwd {

struct StopReport {
  StopReason reason = StopReason::Step;
  pid_t tid = 0;
  std::vector<int> hitBreakpointIds;
  std::string description;
  int signal = 0;
  int signalCode = 0;
  uint64_t faultAddress = 0;
  // For reason "exception": "cpp-throw" or "rust-panic", and what was
  // thrown when known (a C++ type name).
  std::string exceptionFilter;
  std::string exceptionDetail;
};

}  // namespace rwd
