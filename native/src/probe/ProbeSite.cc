// ProbeSite: an address in a process as a place in a module file.
#include "probe/ProbeSite.h"

#include <fstream>
#include <sstream>

namespace rwd {

std::optional<ProbeSite> ProbeSite::of(pid_t pid, uint64_t address) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::string line;
  while (std::getline(maps, line)) {
    std::istringstream fields(line);
    std::string range, permissions, offsetText, device, inode, path;
    fields >> range >> permissions >> offsetText >> device >> inode;
    std::getline(fields >> std::ws, path);
    const auto dash = range.find('-');
    const uint64_t start = std::stoull(range.substr(0, dash), nullptr, 16);
    const uint64_t end = std::stoull(range.substr(dash + 1), nullptr, 16);
    if (address < start || address >= end) continue;
    if (path.empty() || path[0] != '/' || inode == "0" || path.find(" (deleted)") != std::string::npos)
      return std::nullopt;
    return ProbeSite{path, address - start + std::stoull(offsetText, nullptr, 16), address};
  }
  return std::nullopt;
}

std::optional<uint8_t> ProbeSite::originalByte() const {
  std::ifstream file(path, std::ios::binary);
  file.seekg(static_cast<std::streamoff>(fileOffset));
  char byte = 0;
  if (!file.get(byte)) return std::nullopt;
  return static_cast<uint8_t>(byte);
}

}  // namespace rwd
