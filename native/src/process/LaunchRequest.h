// LaunchRequest: what the user asked to run, already checked for types.
#pragma once

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
};

}  // namespace rwd
