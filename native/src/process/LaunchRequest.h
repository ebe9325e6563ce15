// LaunchRequest: what the user asked to run, already checked for types.
#pragma once

#include <sys/personality.h>
#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rwd {

struct LaunchRequest {
  std::string program;
  std::vector<std::string> args;
  std::string cwd;
  // Added to the helper's environment; nullopt removes the variable.
  std::map<std::string, std::optional<std::string>> env;
  // Nonzero: the program is started by this launcher process in the
  // client's terminal (TerminalLauncher), which already has its arguments,
  // working directory and environment; the helper takes it over.
  pid_t launcherPid = 0;
  // Address-space randomization off (personality ADDR_NO_RANDOMIZE), as gdb
  // and lldb launch programs: addresses repeat from run to run.
  bool disableAslr = true;
  // Native recording: the program starts under the native engine's seccomp
  // filter (after PR_SET_NO_NEW_PRIVS), kept on `pinnedCpu` when that is >= 0.
  bool nativeRecording = false;
  int pinnedCpu = -1;
};

// In the child about to exec the program: no address-space randomization
// for it (async-signal-safe; a kernel that refuses leaves it on).
inline void disableAddressRandomization() {
  const int current = ::personality(0xffffffff);
  if (current != -1) ::personality(static_cast<unsigned long>(current) | ADDR_NO_RANDOMIZE);
}

}  // namespace rwd
