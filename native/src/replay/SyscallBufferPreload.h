// SyscallBufferPreload: how a recorder puts its system-call buffer
// (librewind-syscallbuf.so, see SyscallBufferLayout.h) into the program it
// records: through LD_PRELOAD, set in the environment the program starts
// with. The library lies beside the executable that records (the helper,
// the tests and the benchmark are all built into one folder);
// REWIND_SYSCALLBUF_LIBRARY names another one, REWIND_SYSCALLBUF=off
// records without it. A program the dynamic loader does not start (a
// static executable) cannot load it: it is recorded without the buffer.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace rwd {

class SyscallBufferPreload {
 public:
  struct Choice {
    // The LD_PRELOAD value to start the program with; empty when the buffer is not used.
    std::string preload;
    // A line for the user: the buffer is used, or why not.
    std::string note;
  };

  // For `program`, whose environment would have LD_PRELOAD `current` (nullopt: unset).
  static Choice choose(const std::string& program, const std::optional<std::string>& current);
  // `environment` ("NAME=value" strings) with LD_PRELOAD set to `preload` (nothing changes when empty).
  static void apply(std::vector<std::string>& environment, const std::string& preload);
  // The process's own environment as strings.
  static std::vector<std::string> ownEnvironment();
};

}  // namespace rwd
