// LaunchRequest: what the user asked to run, already checked for types.
#pragma once

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
};

}  // namespace rwd
