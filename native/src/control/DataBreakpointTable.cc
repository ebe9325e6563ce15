// DataBreakpointTable: data breakpoints on the debug registers.
#include "control/DataBreakpointTable.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "protocol/RequestError.h"

namespace rwd {

using nlohmann::json;

std::string WatchTarget::toDataId() const {
  return json{{"name", name}, {"type", type}, {"address", address}, {"size", size}, {"scopeCfa", scopeCfa}, {"scopeReturn", scopeReturn}}.dump();
}

WatchTarget WatchTarget::fromDataId(const std::string& dataId) {
  try {
    json parsed = json::parse(dataId);
    WatchTarget target;
    target.name = parsed.at("name").get<std::string>();
    target.type = parsed.value("type", "");
    target.address = parsed.at("address").get<uint64_t>();
    target.size = parsed.at("size").get<uint64_t>();
    target.scopeCfa = parsed.value("scopeCfa", uint64_t{0});
    target.scopeReturn = parsed.value("scopeReturn", uint64_t{0});
    return target;
  } catch (const json::exception&) {
    throw RequestError("BadRequest", "The dataId '" + dataId + "' did not come from dataBreakpointInfo; ask dataBreakpointInfo for it first.");
  }
}

DataBreakpointTable::DataBreakpointTable(Process& process) : process_(process), sync_(writer_) {
  for (pid_t tid : process_.threadIds()) sync_.addThread(tid);
}

void DataBreakpointTable::onThreadCreated(pid_t tid) { sync_.onThreadCreated(tid); }

void DataBreakpointTable::onThreadExited(pid_t tid) { sync_.onThreadExited(tid); }

std::vector<uint8_t> DataBreakpointTable::readValue(const WatchTarget& target) {
  std::vector<uint8_t> bytes(std::min<uint64_t>(target.size, 64));
  bytes.resize(process_.readMemory(target.address, bytes.data(), bytes.size()));
  return bytes;
}

std::string DataBreakpointTable::formatValue(const std::vector<uint8_t>& bytes, const std::string& type) const {
  if (bytes.empty()) return "<unreadable>";
  char text[64];
  if (type == "float" && bytes.size() == 4) {
    float value;
    std::memcpy(&value, bytes.data(), 4);
    std::snprintf(text, sizeof text, "%g", value);
    return text;
  }
  if (type == "double" && bytes.size() == 8) {
    double value;
    std::memcpy(&value, bytes.data(), 8);
    std::snprintf(text, sizeof text, "%g", value);
    return text;
  }
  if (bytes.size() == 1 || bytes.size() == 2 || bytes.size() == 4 || bytes.size() == 8) {
    uint64_t raw = 0;
    std::memcpy(&raw, bytes.data(), bytes.size());
    if (!type.empty() && type.back() == '*') {
      std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(raw));
      return text;
    }
    const bool isUnsigned = type.find("unsigned") != std::string::npos || type == "size_t" || type.rfind("uint", 0) == 0;
    int shift = 64 - 8 * static_cast<int>(bytes.size());
    if (isUnsigned) std::snprintf(text, sizeof text, "%llu", static_cast<unsigned long long>(raw));
    else std::snprintf(text, sizeof text, "%lld", static_cast<long long>(static_cast<int64_t>(raw << shift) >> shift));
    return text;
  }
  std::string hex = "{";
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::snprintf(text, sizeof text, "%s0x%02x", i ? ", " : "", bytes[i]);
    hex += text;
  }
  return hex + "}";
}

json DataBreakpointTable::setAll(const std::vector<DataBreakpointRequest>& requests) {
  releaseScopeBreakpoints();
  DebugRegisterAllocator next;  // rebuilt from nothing: unchanged watches share their slots again
  std::vector<Watch> placed;
  json answers = json::array();
  for (const auto& request : requests) {
    Watch watch;
    watch.target = WatchTarget::fromDataId(request.dataId);
    watch.accessType = request.accessType.empty() ? "write" : request.accessType;
    watch.hitCondition = HitCondition::parse(request.hitCondition);
    watch.kind = watch.accessType == "write" ? WatchKind::write : WatchKind::readWrite;
    if (watch.accessType != "write" && watch.accessType != "read" && watch.accessType != "readWrite") {
      throw RequestError("BadRequest", "accessType must be 'read', 'write' or 'readWrite', not '" + watch.accessType + "'.");
    }
    // Keep the id of a watch that is set again.
    auto same = std::find_if(watches_.begin(), watches_.end(), [&](const Watch& old) {
      return old.target.address == watch.target.address && old.target.size == watch.target.size && old.accessType == watch.accessType;
    });
    watch.id = same != watches_.end() ? same->id : nextId_++;
    watch.owner = "data breakpoint '" + watch.target.name + "' (id " + std::to_string(watch.id) + ")";
    WatchChange change = next.insertWatch(watch.target.address, watch.target.size, watch.kind, watch.owner);
    json answer = {{"id", watch.id}, {"verified", change.ok}};
    if (!change.ok) {
      answer["message"] = change.message;
      answers.push_back(answer);
      continue;
    }
    if (watch.accessType == "read") {
      answer["message"] = "x86-64 debug registers cannot watch reads alone: this breakpoint also stops on writes (read/write).";
    }
    watch.lastValue = readValue(watch.target);
    placed.push_back(std::move(watch));
    answers.push_back(answer);
  }
  sync_.commit(next.mirror());
  allocator_ = next;
  watches_ = std::move(placed);
  placeScopeBreakpoints();
  return answers;
}

std::vector<DataBreakpointHit> DataBreakpointTable::takeHits(pid_t tid) {
  std::vector<DataBreakpointHit> hits;
  auto fired = sync_.takeHits(tid);
  for (auto& watch : watches_) {
    bool ours = std::any_of(fired.begin(), fired.end(), [&](const DebugRegisterHit& hit) {
      return hit.state.address < watch.target.address + watch.target.size &&
             watch.target.address < hit.state.address + hit.state.length;
    });
    if (!ours) continue;
    std::vector<uint8_t> now = readValue(watch.target);
    const bool changed = now != watch.lastValue;
    std::string description = watch.target.name + ": " +
                              (changed ? formatValue(watch.lastValue, watch.target.type) + " → " + formatValue(now, watch.target.type)
                               : watch.kind == WatchKind::write ? "written, value unchanged (" + formatValue(now, watch.target.type) + ")"
                                                                : "accessed, value " + formatValue(now, watch.target.type));
    watch.lastValue = now;
    if (!watch.hitCondition.countHit()) continue;
    hits.push_back({watch.id, description});
  }
  return hits;
}

std::vector<uint64_t> DataBreakpointTable::scopeReturnAddresses() const { return scopeBreakpoints_; }

void DataBreakpointTable::placeScopeBreakpoints() {
  for (const auto& watch : watches_) {
    uint64_t address = watch.target.scopeReturn;
    if (!address || std::count(scopeBreakpoints_.begin(), scopeBreakpoints_.end(), address)) continue;
    if (process_.memory().addBreakpoint(address)) scopeBreakpoints_.push_back(address);
  }
}

void DataBreakpointTable::releaseScopeBreakpoints() {
  for (uint64_t address : scopeBreakpoints_) process_.memory().removeBreakpoint(address);
  scopeBreakpoints_.clear();
}

std::vector<std::string> DataBreakpointTable::endScopes(uint64_t returnAddress, uint64_t currentCfa, std::vector<int>& removedIds) {
  std::vector<std::string> messages;
  std::vector<DataBreakpointRequest> keep;
  bool anyEnded = false;
  for (const auto& watch : watches_) {
    if (watch.target.scopeReturn == returnAddress && currentCfa > watch.target.scopeCfa) {
      anyEnded = true;
      removedIds.push_back(watch.id);
      messages.push_back("Data breakpoint on '" + watch.target.name + "' removed: its function returned, so the variable no longer exists.");
    }
  }
  if (!anyEnded) return messages;
  DebugRegisterAllocator next;
  std::vector<Watch> remaining;
  for (auto& watch : watches_) {
    if (std::count(removedIds.begin(), removedIds.end(), watch.id)) continue;
    next.insertWatch(watch.target.address, watch.target.size, watch.kind, watch.owner);
    remaining.push_back(std::move(watch));
  }
  sync_.commit(next.mirror());
  allocator_ = next;
  releaseScopeBreakpoints();
  watches_ = std::move(remaining);
  placeScopeBreakpoints();
  return messages;
}

}  // namespace rwd
