// ProbeError: why a probe could not be placed or a stop could not be made
// exact, in one sentence for the breakpoint's message.
#pragma once

#include <stdexcept>

namespace rwd {

struct ProbeError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

}  // namespace rwd
