// BreakpointTable: resolution, ids and installation of source breakpoints.
#include "control/BreakpointTable.h"

#include <algorithm>

namespace rwd {

BreakpointTable::BreakpointTable(SymbolIndex& symbols, AddressSpace& memory) : symbols_(symbols), memory_(memory) {}

std::vector<UserBreakpoint> BreakpointTable::setForSource(const std::string& source, const std::vector<int64_t>& lines) {
  for (auto& old : bySource_[source]) uninstall(old);
  std::vector<UserBreakpoint> placed;
  for (int64_t requested : lines) {
    UserBreakpoint breakpoint;
    breakpoint.source = source;
    breakpoint.requestedLine = static_cast<int>(requested);
    auto key = std::make_pair(source, breakpoint.requestedLine);
    auto known = idBySourceLine_.find(key);
    breakpoint.id = known != idBySourceLine_.end() ? known->second : (idBySourceLine_[key] = nextId_++);
    resolve(breakpoint);
    placed.push_back(breakpoint);
  }
  bySource_[source] = placed;
  return placed;
}

void BreakpointTable::resolve(UserBreakpoint& breakpoint) {
  breakpoint.line = breakpoint.requestedLine;
  breakpoint.verified = false;
  breakpoint.addresses.clear();
  if (breakpoint.requestedLine <= 0) {
    breakpoint.message = "Line numbers start at 1.";
    return;
  }
  auto resolution = symbols_.resolveLine(breakpoint.source, breakpoint.requestedLine);
  if (!resolution) {
    breakpoint.message = "No loaded module has code from this file yet; the breakpoint will be set when one loads.";
    return;
  }
  if (resolution->addresses.empty()) {
    breakpoint.message = "No code at or after line " + std::to_string(breakpoint.requestedLine) + " in this file.";
    return;
  }
  for (uint64_t address : resolution->addresses) {
    if (memory_.addBreakpoint(address)) {
      breakpoint.addresses.push_back(address);
      idsByAddress_[address].push_back(breakpoint.id);
    }
  }
  if (breakpoint.addresses.empty()) {
    breakpoint.message = "The code of this line cannot be written (read-only or unmapped memory).";
    return;
  }
  breakpoint.line = resolution->line;
  breakpoint.verified = true;
  breakpoint.message = resolution->line != breakpoint.requestedLine
                           ? "Moved to line " + std::to_string(resolution->line) + ", the next line with code."
                           : "";
}

void BreakpointTable::uninstall(UserBreakpoint& breakpoint) {
  for (uint64_t address : breakpoint.addresses) {
    memory_.removeBreakpoint(address);
    auto ids = idsByAddress_.find(address);
    if (ids == idsByAddress_.end()) continue;
    auto& list = ids->second;
    list.erase(std::remove(list.begin(), list.end(), breakpoint.id), list.end());
    if (list.empty()) idsByAddress_.erase(ids);
  }
  breakpoint.addresses.clear();
}

std::vector<UserBreakpoint> BreakpointTable::resolvePending() {
  std::vector<UserBreakpoint> changed;
  for (auto& [source, list] : bySource_) {
    for (auto& breakpoint : list) {
      if (breakpoint.verified) continue;
      std::string before = breakpoint.message;
      resolve(breakpoint);
      if (breakpoint.verified || breakpoint.message != before) changed.push_back(breakpoint);
    }
  }
  return changed;
}

std::vector<UserBreakpoint> BreakpointTable::reresolveAll() {
  idsByAddress_.clear();  // the old image and its sites are gone
  std::vector<UserBreakpoint> changed;
  for (auto& [source, list] : bySource_) {
    for (auto& breakpoint : list) {
      breakpoint.addresses.clear();
      resolve(breakpoint);
      changed.push_back(breakpoint);
    }
  }
  return changed;
}

std::vector<int> BreakpointTable::idsAt(uint64_t address) const {
  auto found = idsByAddress_.find(address);
  return found == idsByAddress_.end() ? std::vector<int>{} : found->second;
}

void BreakpointTable::uninstallAll() {
  for (auto& [source, list] : bySource_) {
    for (auto& breakpoint : list) uninstall(breakpoint);
  }
}

nlohmann::json BreakpointTable::toJson(const UserBreakpoint& breakpoint) {
  nlohmann::json addresses = nlohmann::json::array();
  for (uint64_t address : breakpoint.addresses) addresses.push_back(address);
  nlohmann::json out = {{"id", breakpoint.id},          {"verified", breakpoint.verified},
                        {"line", breakpoint.line},      {"requestedLine", breakpoint.requestedLine},
                        {"source", breakpoint.source},  {"addresses", addresses}};
  if (!breakpoint.message.empty()) out["message"] = breakpoint.message;
  return out;
}

}  // namespace rwd
