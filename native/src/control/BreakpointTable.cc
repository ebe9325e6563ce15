// BreakpointTable: resolution, ids and installation of source breakpoints.
#include "control/BreakpointTable.h"

#include <algorithm>

namespace rwd {

BreakpointTable::BreakpointTable(SymbolIndex& symbols, AddressSpace& memory, ExecutionSlots& hardware)
    : symbols_(symbols), memory_(memory), ifuncs_(memory), hardware_(hardware) {}

namespace {
const std::string kFunctionKey = "\x01functions";  // no source path looks like this
}

std::vector<UserBreakpoint> BreakpointTable::setForSource(const std::string& source,
                                                          const std::vector<BreakpointSpec>& specs) {
  return replace(source, specs);
}

std::vector<UserBreakpoint> BreakpointTable::setFunctions(const std::vector<BreakpointSpec>& specs) {
  return replace(kFunctionKey, specs);
}

std::vector<UserBreakpoint> BreakpointTable::replace(const std::string& key, const std::vector<BreakpointSpec>& specs) {
  std::vector<UserBreakpoint> placed;
  for (const auto& spec : specs) {  // parse first: a bad hit condition changes nothing
    UserBreakpoint breakpoint;
    breakpoint.hitCondition = HitCondition::parse(spec.hitCondition);
    breakpoint.condition = spec.condition;
    breakpoint.logMessage = spec.logMessage;
    breakpoint.hardware = spec.hardware;
    if (key == kFunctionKey) breakpoint.functionName = spec.functionName;
    else breakpoint.source = key;
    breakpoint.requestedLine = spec.line;
    breakpoint.requestedColumn = spec.column;
    placed.push_back(std::move(breakpoint));
  }
  for (auto& old : bySource_[key]) uninstall(old);
  for (auto& breakpoint : placed) {
    auto idKey = std::make_tuple(key == kFunctionKey ? breakpoint.functionName : key, breakpoint.requestedLine,
                                 breakpoint.requestedColumn);
    auto known = idBySourceLine_.find(idKey);
    breakpoint.id = known != idBySourceLine_.end() ? known->second : (idBySourceLine_[idKey] = nextId_++);
    resolve(breakpoint);
  }
  bySource_[key] = placed;
  return placed;
}

std::vector<uint64_t> BreakpointTable::allAddresses() const {
  std::vector<uint64_t> addresses;
  for (const auto& [address, ids] : idsByAddress_) addresses.push_back(address);
  return addresses;
}

UserBreakpoint* BreakpointTable::find(int id) {
  for (auto& [key, list] : bySource_) {
    for (auto& breakpoint : list) {
      if (breakpoint.id == id) return &breakpoint;
    }
  }
  return nullptr;
}

std::string BreakpointTable::install(UserBreakpoint& breakpoint, const std::vector<uint64_t>& addresses) {
  std::string problem;
  for (uint64_t address : addresses) {
    bool installed = false;
    if (breakpoint.hardware) {
      auto refused = hardware_.add(address, slotOwner(breakpoint));
      installed = !refused;
      if (refused && problem.empty()) problem = *refused;
    } else if (tryKernelJudge(breakpoint, address)) {
      installed = true;
    } else {
      installed = memory_.addBreakpoint(address);
      if (!installed && problem.empty()) problem = "The code there cannot be written (read-only or unmapped memory).";
    }
    if (installed) {
      breakpoint.addresses.push_back(address);
      idsByAddress_[address].push_back(breakpoint.id);
    }
  }
  return problem;
}

bool BreakpointTable::tryKernelJudge(UserBreakpoint& breakpoint, uint64_t address) {
  const bool judged =
      !breakpoint.condition.empty() || breakpoint.hitCondition.isSet() || !breakpoint.logMessage.empty();
  if (!kernelJudge_.place || !judged) return false;
  std::string note;
  const bool placed = kernelJudge_.place(breakpoint, address, note);
  if (placed) breakpoint.kernelSites.push_back(address);
  if (!note.empty()) breakpoint.judgeNote = note;
  return placed;
}

std::vector<int> BreakpointTable::takeBackFromKernel(const std::string& why) {
  std::vector<int> taken;
  for (auto& [key, list] : bySource_) {
    for (auto& breakpoint : list) {
      if (breakpoint.kernelSites.empty()) continue;
      for (uint64_t address : breakpoint.kernelSites) {
        // The hit count goes on from the kernel's.
        if (kernelJudge_.hits)
          breakpoint.hitCondition.addHits(static_cast<int64_t>(kernelJudge_.hits(breakpoint.id, address)));
        kernelJudge_.remove(breakpoint.id, address);
        memory_.addBreakpoint(address);
      }
      breakpoint.kernelSites.clear();
      breakpoint.judgeNote = why;
      taken.push_back(breakpoint.id);
    }
  }
  return taken;
}

std::string BreakpointTable::slotOwner(const UserBreakpoint& breakpoint) {
  const std::string where = breakpoint.functionName.empty()
                                ? breakpoint.source + ":" + std::to_string(breakpoint.requestedLine)
                                : "function '" + breakpoint.functionName + "'";
  return "hardware breakpoint at " + where + " (id " + std::to_string(breakpoint.id) + ")";
}

void BreakpointTable::resolveFunction(UserBreakpoint& breakpoint) {
  breakpoint.verified = false;
  breakpoint.addresses.clear();
  std::vector<uint64_t> addresses;
  std::string ifuncNote;
  bool ifuncWaits = false;
  for (const auto& match : functions_.find(symbols_.dwfl(), breakpoint.functionName)) {
    uint64_t entry = match.address;
    if (match.ifunc) {
      auto target = ifuncs_.targetOf(match.address);
      if (!target) {
        ifuncWaits = true;
        continue;
      }
      entry = *target;
      ifuncNote = "'" + match.name + "' is an IFUNC: set on the implementation its resolver picked";
    }
    addresses.push_back(match.inlined ? entry : symbols_.addressAfterPrologue(entry).value_or(entry));
  }
  if (addresses.empty() && ifuncWaits) {
    breakpoint.message = "'" + breakpoint.functionName +
                         "' is an IFUNC: its resolver picks the implementation when the program first calls it, "
                         "and the breakpoint is set there then.";
    return;
  }
  if (addresses.empty()) {
    breakpoint.message = "No function '" + breakpoint.functionName +
                         "' in the loaded modules yet; the breakpoint will be set when one loads.";
    return;
  }
  const std::string problem = install(breakpoint, addresses);
  if (breakpoint.addresses.empty()) {
    breakpoint.message =
        breakpoint.hardware ? problem : "The code of '" + breakpoint.functionName + "' cannot be written.";
    return;
  }
  breakpoint.verified = true;
  breakpoint.message =
      breakpoint.addresses.size() > 1 ? std::to_string(breakpoint.addresses.size()) + " locations" : "";
  if (!ifuncNote.empty()) breakpoint.message += (breakpoint.message.empty() ? "" : ". ") + ifuncNote + ".";
  if (!problem.empty())
    breakpoint.message += (breakpoint.message.empty() ? "" : ". ") + ("Some of its locations are not set: " + problem);
  if (auto location = symbols_.locationAt(breakpoint.addresses.front())) {
    breakpoint.source = location->file;
    breakpoint.line = location->line;
  }
}

void BreakpointTable::resolve(UserBreakpoint& breakpoint) {
  if (!breakpoint.functionName.empty()) return resolveFunction(breakpoint);
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
  // A column picks one statement of the line (the places breakpointLocations
  // gives); a column where none starts means the whole line, said so.
  std::vector<uint64_t> addresses = resolution->addresses;
  std::string columnNote;
  breakpoint.column = 0;
  if (breakpoint.requestedColumn > 0) {
    std::vector<uint64_t> atColumn;
    for (const auto& position :
         symbols_.statementPositions(breakpoint.source, breakpoint.requestedLine, breakpoint.requestedLine)) {
      if (position.column == breakpoint.requestedColumn) atColumn.push_back(position.address);
    }
    if (!atColumn.empty()) {
      addresses = atColumn;
      resolution->line = breakpoint.requestedLine;
      breakpoint.column = breakpoint.requestedColumn;
    } else {
      columnNote = "No statement starts at column " + std::to_string(breakpoint.requestedColumn) + " of line " +
                   std::to_string(breakpoint.requestedLine) + ": the breakpoint is on the whole line.";
    }
  }
  const std::string problem = install(breakpoint, addresses);
  if (breakpoint.addresses.empty()) {
    breakpoint.message =
        breakpoint.hardware ? problem : "The code of this line cannot be written (read-only or unmapped memory).";
    return;
  }
  breakpoint.line = resolution->line;
  breakpoint.verified = true;
  breakpoint.message = resolution->line != breakpoint.requestedLine
                           ? "Moved to line " + std::to_string(resolution->line) + ", the next line with code."
                           : "";
  if (!columnNote.empty()) breakpoint.message += (breakpoint.message.empty() ? "" : " ") + columnNote;
  if (!problem.empty())
    breakpoint.message += (breakpoint.message.empty() ? "" : " ") + ("Some of its locations are not set: " + problem);
}

void BreakpointTable::uninstall(UserBreakpoint& breakpoint) {
  for (uint64_t address : breakpoint.addresses) {
    if (breakpoint.hardware) hardware_.remove(address, slotOwner(breakpoint));
    else if (std::count(breakpoint.kernelSites.begin(), breakpoint.kernelSites.end(), address))
      kernelJudge_.remove(breakpoint.id, address);
    else memory_.removeBreakpoint(address);
    auto ids = idsByAddress_.find(address);
    if (ids == idsByAddress_.end()) continue;
    auto& list = ids->second;
    list.erase(std::remove(list.begin(), list.end(), breakpoint.id), list.end());
    if (list.empty()) idsByAddress_.erase(ids);
  }
  breakpoint.addresses.clear();
  breakpoint.kernelSites.clear();
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
  ifuncs_.forget();
  std::vector<UserBreakpoint> changed;
  for (auto& [source, list] : bySource_) {
    for (auto& breakpoint : list) {
      if (breakpoint.hardware) {
        for (uint64_t address : breakpoint.addresses) hardware_.remove(address, slotOwner(breakpoint));
      }
      for (uint64_t address : breakpoint.kernelSites) kernelJudge_.remove(breakpoint.id, address);
      breakpoint.kernelSites.clear();
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

}  // namespace rwd
