// DataBreakpointTable: data breakpoints on the debug registers or in software.
#include "control/DataBreakpointTable.h"

#include <algorithm>
#include <cstdio>
#include <cstring>

#include "control/ConditionText.h"
#include "hwbreak/DebugRegisterProbe.h"
#include "core/DebugError.h"

namespace rwd {

namespace {

constexpr uint64_t kHardwareMaxBytes = 32;    // 4 slots of 8 bytes
constexpr uint64_t kSoftwareMaxBytes = 4096;  // compared after every step

const char* kSoftwareOption =
    "set \"softwareWatchpoints\": true in the launch configuration to watch more with software watchpoints "
    "(the program then runs single-stepped, much slower)";

// 31234 → "30,000": a figure for a sentence, one significant digit.
std::string roughly(double value) {
  if (value < 1) return "1";
  double scale = 1;
  while (value >= scale * 10) scale *= 10;
  uint64_t rounded = static_cast<uint64_t>(value / scale + 0.5) * static_cast<uint64_t>(scale);
  const std::string digits = std::to_string(rounded);
  std::string grouped;
  for (size_t at = 0; at < digits.size(); ++at) {
    if (at > 0 && (digits.size() - at) % 3 == 0) grouped += ',';
    grouped += digits[at];
  }
  return grouped;
}

// What single-stepping costs, from the probe's measurement.
std::string costOfStepping() {
  const double stepsPerSecond = DebugRegisterProbe::verdict().singleStepsPerSecond;
  if (stepsPerSecond <= 0) return "thousands of times slower";
  // A program running freely executes about a billion instructions a second.
  return "roughly " + roughly(1e9 / stepsPerSecond) + " times slower (about " + roughly(stepsPerSecond) +
         " instructions per second here)";
}

}  // namespace

DataBreakpointTable::DataBreakpointTable(Process& process, DebugRegisterSlots& registers)
    : process_(process), registers_(registers), software_(process) {}

WatchMode DataBreakpointTable::mode() {
  if (!mode_) {
    mode_ = softwareRequested_ || !DebugRegisterProbe::verdict().traps ? WatchMode::Software : WatchMode::Hardware;
  }
  return *mode_;
}

std::string DataBreakpointTable::modeReason() {
  if (mode() == WatchMode::Software && softwareRequested_)
    return "softwareWatchpoints is set in the launch configuration";
  return DebugRegisterProbe::verdict().explanation;
}

uint64_t DataBreakpointTable::maxWatchBytes() {
  return mode() == WatchMode::Hardware ? kHardwareMaxBytes : kSoftwareMaxBytes;
}

std::string DataBreakpointTable::softwareNotice() {
  return "Software watchpoint: " + modeReason() + ". While one is set, the program runs single-stepped, " +
         costOfStepping() + ".";
}

std::optional<std::string> DataBreakpointTable::takeConsoleNotice() {
  if (consoleNoticeGiven_ || mode() != WatchMode::Software || watches_.empty()) return std::nullopt;
  consoleNoticeGiven_ = true;
  return "Data breakpoints use software watchpoints: " + modeReason() +
         ". While one is set, the program runs single-stepped, " + costOfStepping() + ".";
}

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
    const bool isUnsigned =
        type.find("unsigned") != std::string::npos || type == "size_t" || type.rfind("uint", 0) == 0;
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

std::vector<DataBreakpointAnswer> DataBreakpointTable::setAll(const std::vector<DataBreakpointRequest>& requests) {
  const WatchMode current = mode();
  releaseScopeBreakpoints();
  // This table's watches are put in again from nothing (unchanged ones
  // share their slots again); other users' slots stay.
  DebugRegisterAllocator next = allocationWithout(watches_);
  std::vector<Watch> placed;
  std::vector<DataBreakpointAnswer> answers;
  for (const auto& request : requests) {
    Watch watch;
    watch.target = request.target;
    watch.accessType = request.accessType.empty() ? "write" : request.accessType;
    watch.hitCondition = HitCondition::parse(request.hitCondition);
    watch.condition = request.condition;
    watch.kind = watch.accessType == "write" ? WatchKind::write : WatchKind::readWrite;
    if (watch.accessType != "write" && watch.accessType != "read" && watch.accessType != "readWrite") {
      throw DebugError(DebugError::BadArgument,
                       "accessType must be 'read', 'write' or 'readWrite', not '" + watch.accessType + "'.");
    }
    // Keep the id of a watch that is set again.
    auto same = std::find_if(watches_.begin(), watches_.end(), [&](const Watch& old) {
      return old.target.address == watch.target.address && old.target.size == watch.target.size &&
             old.accessType == watch.accessType;
    });
    watch.id = same != watches_.end() ? same->id : nextId_++;
    watch.owner = "data breakpoint '" + watch.target.name + "' (id " + std::to_string(watch.id) + ")";
    DataBreakpointAnswer answer{watch.id, true, std::nullopt};
    if (current == WatchMode::Hardware) {
      WatchChange change = next.insertWatch(watch.target.address, watch.target.size, watch.kind, watch.owner);
      if (!change.ok) {
        answer.verified = false;
        answer.message = change.message + " To watch more, " + kSoftwareOption + ".";
        answers.push_back(answer);
        continue;
      }
      if (watch.accessType == "read") {
        answer.message =
            "x86-64 debug registers cannot watch reads alone: this breakpoint also stops on writes (read/write).";
      }
    } else {
      if (watch.target.size > kSoftwareMaxBytes) {
        answer.verified = false;
        answer.message = "Software watchpoints compare at most " + std::to_string(kSoftwareMaxBytes) +
                         " bytes after every step; '" + watch.target.name + "' has " +
                         std::to_string(watch.target.size) + ". Watch a part of it.";
        answers.push_back(answer);
        continue;
      }
      std::string message = softwareNotice();
      if (watch.accessType == "read")
        message += " Reads are watched as read/write: this breakpoint also stops on writes.";
      answer.message = message;
    }
    watch.lastValue = readValue(watch.target);
    placed.push_back(std::move(watch));
    answers.push_back(answer);
  }
  install(placed, next);
  watches_ = std::move(placed);
  placeScopeBreakpoints();
  return answers;
}

void DataBreakpointTable::removeAll() {
  if (!watches_.empty()) setAll({});
}

void DataBreakpointTable::install(const std::vector<Watch>& watches, const DebugRegisterAllocator& slots) {
  if (mode() == WatchMode::Hardware) {
    registers_.commit(slots);
    return;
  }
  std::vector<SoftwareWatch> software;
  for (const Watch& watch : watches) {
    software.push_back(SoftwareWatch{watch.target.address, watch.target.size, watch.kind == WatchKind::readWrite});
  }
  software_.setWatches(software);
}

std::vector<DataBreakpointHit> DataBreakpointTable::takeHits(pid_t tid, const WatchConditionCheck& conditionHolds) {
  std::vector<FiredRange> fired;
  if (mode() == WatchMode::Software) {
    for (const SoftwareWatchHit& hit : software_.takeHits(tid)) {
      fired.push_back(
          FiredRange{hit.address, hit.length, hit.changed || hit.written ? WatchKind::write : WatchKind::readWrite});
    }
    return countHits(fired, conditionHolds);
  }
  return hitsFromRegisters(registers_.takeHits(tid), conditionHolds);
}

std::vector<DataBreakpointHit> DataBreakpointTable::hitsFromRegisters(const std::vector<DebugRegisterHit>& registerHits,
                                                                      const WatchConditionCheck& conditionHolds) {
  std::vector<FiredRange> fired;
  for (const DebugRegisterHit& hit : registerHits) {
    if (hit.state.kind == WatchKind::execute) continue;
    fired.push_back(FiredRange{hit.state.address, hit.state.length, hit.state.kind});
  }
  return countHits(fired, conditionHolds);
}

DebugRegisterAllocator DataBreakpointTable::allocationWithout(const std::vector<Watch>& watches) const {
  DebugRegisterAllocator next = registers_.allocation();
  for (const Watch& watch : watches) next.removeOwner(watch.owner);
  return next;
}

std::vector<DataBreakpointHit> DataBreakpointTable::countHits(const std::vector<FiredRange>& fired,
                                                              const WatchConditionCheck& conditionHolds) {
  std::vector<DataBreakpointHit> hits;
  for (auto& watch : watches_) {
    // A write watch is not concerned by a read/write slot's trap or an
    // access: those are another watch's.
    bool ours = std::any_of(fired.begin(), fired.end(), [&](const FiredRange& range) {
      return (watch.kind == WatchKind::readWrite || range.kind == WatchKind::write) &&
             range.address < watch.target.address + watch.target.size &&
             watch.target.address < range.address + range.length;
    });
    if (!ours) continue;
    std::vector<uint8_t> now = readValue(watch.target);
    const bool changed = now != watch.lastValue;
    std::string description =
        watch.target.name + ": " +
        (changed ? formatValue(watch.lastValue, watch.target.type) + " → " + formatValue(now, watch.target.type)
         : watch.kind == WatchKind::write ? "written, value unchanged (" + formatValue(now, watch.target.type) + ")"
                                          : "accessed, value " + formatValue(now, watch.target.type));
    watch.lastValue = now;
    if (!watch.condition.empty()) {
      try {
        if (!conditionHolds(watch.condition)) continue;
      } catch (const std::exception& error) {
        // A condition that cannot be evaluated stops, and says why.
        description += " (" + conditionFailure(watch.condition, error.what()) + ")";
      }
    }
    if (!watch.hitCondition.countHit()) continue;
    hits.push_back({watch.id, description});
  }
  return hits;
}

std::vector<uint64_t> DataBreakpointTable::scopeReturnAddresses() const { return scopeBreakpoints_; }

std::vector<WrittenWatch> DataBreakpointTable::writtenWatches() const {
  std::vector<WrittenWatch> out;
  for (const auto& watch : watches_) {
    if (watch.accessType == "read") continue;  // the history records writes only
    out.push_back(WrittenWatch{watch.id, watch.target.address, watch.target.size, watch.target.name, watch.condition});
  }
  return out;
}

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

std::vector<std::string> DataBreakpointTable::endScopes(uint64_t returnAddress, uint64_t currentCfa,
                                                        std::vector<int>& removedIds) {
  std::vector<std::string> messages;
  bool anyEnded = false;
  for (const auto& watch : watches_) {
    if (watch.target.scopeReturn == returnAddress && currentCfa > watch.target.scopeCfa) {
      anyEnded = true;
      removedIds.push_back(watch.id);
      messages.push_back("Data breakpoint on '" + watch.target.name +
                         "' removed: its function returned, so the variable no longer exists.");
    }
  }
  if (!anyEnded) return messages;
  std::vector<Watch> ended;
  std::vector<Watch> remaining;
  for (auto& watch : watches_) {
    (std::count(removedIds.begin(), removedIds.end(), watch.id) ? ended : remaining).push_back(std::move(watch));
  }
  install(remaining, allocationWithout(ended));
  releaseScopeBreakpoints();
  watches_ = std::move(remaining);
  placeScopeBreakpoints();
  return messages;
}

std::vector<std::string> DataBreakpointTable::forgetAfterExec(std::vector<int>& removedIds) {
  std::vector<std::string> messages;
  for (const auto& watch : watches_) {
    removedIds.push_back(watch.id);
    messages.push_back(
        "Data breakpoint on '" + watch.target.name +
        "' removed: the program called execve, so the memory it watched belonged to the program that was replaced.");
  }
  scopeBreakpoints_.clear();  // their bytes went with the old image
  try {
    install({}, allocationWithout(watches_));
  } catch (const std::exception&) {
    // A thread that refused keeps stale slots; no watch claims their traps.
  }
  watches_.clear();
  return messages;
}

}  // namespace rwd
