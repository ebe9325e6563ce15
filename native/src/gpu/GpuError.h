// GpuError: a GPU debug interface refused or failed; the message is a
// sentence for the user that names the interface and what to do.
#pragma once

#include <stdexcept>
#include <string>

namespace rwd {

class GpuError : public std::runtime_error {
 public:
  explicit GpuError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace rwd
