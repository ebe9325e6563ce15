// BreakpointTable: the user's source breakpoints — stable ids per source
// line, resolution through the line table, pending ones resolved when a
// module with their file loads, and the breakpoint bytes they own.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "process/AddressSpace.h"
#include "symbols/SymbolIndex.h"

namespace rwd {

struct UserBreakpoint {
  int id = 0;
  std::string source;  // as the client gave it
  int requestedLine = 0;
  int line = 0;  // where it really is
  bool verified = false;
  std::string message;
  std::vector<uint64_t> addresses;  // installed sites
};

class BreakpointTable {
 public:
  BreakpointTable(SymbolIndex& symbols, AddressSpace& memory);
  // Replaces the breakpoints of one source file.
  std::vector<UserBreakpoint> setForSource(const std::string& source, const std::vector<int64_t>& lines);
  // Tries the pending ones again (after a module loaded); returns the ones
  // that changed.
  std::vector<UserBreakpoint> resolvePending();
  // After execve: every address is stale; resolve all again.
  std::vector<UserBreakpoint> reresolveAll();
  // Ids of the user breakpoints at `address` (empty when none).
  std::vector<int> idsAt(uint64_t address) const;
  // Takes every byte out (detach).
  void uninstallAll();

  static nlohmann::json toJson(const UserBreakpoint& breakpoint);

 private:
  void resolve(UserBreakpoint& breakpoint);
  void uninstall(UserBreakpoint& breakpoint);

  SymbolIndex& symbols_;
  AddressSpace& memory_;
  int nextId_ = 1;
  std::map<std::pair<std::string, int>, int> idBySourceLine_;
  std::map<std::string, std::vector<UserBreakpoint>> bySource_;
  std::map<uint64_t, std::vector<int>> idsByAddress_;
};

}  // namespace rwd
