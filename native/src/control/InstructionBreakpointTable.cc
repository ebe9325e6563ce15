// InstructionBreakpointTable: ids, bytes and conditions of instruction breakpoints.
#include "control/InstructionBreakpointTable.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

#include "protocol/JsonArgs.h"

namespace rwd {

namespace {

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

std::vector<InstructionBreakpoint> InstructionBreakpointTable::set(const std::vector<InstructionBreakpointSpec>& specs) {
  std::vector<InstructionBreakpoint> wanted;
  for (const auto& spec : specs) {  // parse first: a bad hit condition changes nothing
    InstructionBreakpoint breakpoint;
    breakpoint.address = spec.address;
    breakpoint.condition = spec.condition;
    breakpoint.hitCondition = HitCondition::parse(spec.hitCondition);
    breakpoint.hardware = spec.hardware;
    wanted.push_back(std::move(breakpoint));
  }
  removeBytes();
  breakpoints_.clear();
  std::vector<uint64_t> requestOrder;
  for (auto& breakpoint : wanted) {
    requestOrder.push_back(breakpoint.address);
    auto known = idByAddress_.find(breakpoint.address);
    breakpoint.id = known != idByAddress_.end() ? known->second : (idByAddress_[breakpoint.address] = nextId_++);
    // The same address twice in one request: one breakpoint, the last options win.
    breakpoints_[breakpoint.address] = std::move(breakpoint);
  }
  std::vector<InstructionBreakpoint*> hardware;
  for (auto& [address, breakpoint] : breakpoints_) {
    if (breakpoint.hardware) {
      hardware.push_back(&breakpoint);
      continue;
    }
    breakpoint.verified = memory_.addBreakpoint(address);
    if (!breakpoint.verified) {
      breakpoint.message = "No breakpoint at " + hex(address) +
                           ": the program has no code there that can be written (is the address mapped?). "
                           "A hardware breakpoint does not write the code.";
    }
  }
  if (!hardware.empty() || holdsSlots_) placeHardware(hardware);
  std::vector<InstructionBreakpoint> answers;
  for (uint64_t address : requestOrder) answers.push_back(breakpoints_.at(address));
  return answers;
}

void InstructionBreakpointTable::placeHardware(std::vector<InstructionBreakpoint*>& wanted) {
  const DebugRegisterVerdict& verdict = wanted.empty() ? DebugRegisterVerdict{} : trapVerdict_();
  if (!wanted.empty() && !verdict.traps) {
    for (InstructionBreakpoint* breakpoint : wanted) {
      breakpoint->verified = false;
      breakpoint->message = "A hardware breakpoint needs the CPU's debug registers, but " + verdict.explanation +
                            ". Set this breakpoint in software mode (it writes a breakpoint instruction into the code).";
    }
    wanted.clear();
  }
  DebugRegisterAllocator next = allocationWithoutOurs();
  for (InstructionBreakpoint* breakpoint : wanted) {
    const std::string owner = ownerPrefix() + hex(breakpoint->address) + " (id " + std::to_string(breakpoint->id) + ")";
    WatchChange change = next.insertWatch(breakpoint->address, 1, WatchKind::execute, owner);
    breakpoint->verified = change.ok;
    if (!change.ok) {
      change.message[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(change.message[0])));
      breakpoint->message = change.message + ".";
    }
  }
  try {
    registers_().commit(next);
  } catch (const std::exception& error) {
    for (InstructionBreakpoint* breakpoint : wanted) {
      breakpoint->verified = false;
      breakpoint->message = std::string("The debug registers could not be written: ") + error.what();
    }
    holdsSlots_ = true;  // what is in them is unknown: take ours out next time
    return;
  }
  holdsSlots_ = std::any_of(wanted.begin(), wanted.end(), [](const InstructionBreakpoint* breakpoint) { return breakpoint->verified; });
}

DebugRegisterAllocator InstructionBreakpointTable::allocationWithoutOurs() const {
  DebugRegisterAllocator next = registers_().allocation();
  const std::string prefix = ownerPrefix();
  for (int slot = 0; slot < DebugRegisterMirror::kSlotCount; ++slot) {
    for (const std::string& owner : registers_().allocation().mirror().slot(slot).owners) {
      if (owner.rfind(prefix, 0) == 0) next.removeOwner(owner);
    }
  }
  return next;
}

std::vector<uint64_t> InstructionBreakpointTable::addresses() const {
  std::vector<uint64_t> out;
  for (const auto& [address, breakpoint] : breakpoints_) {
    if (breakpoint.verified) out.push_back(address);
  }
  return out;
}

std::vector<int> InstructionBreakpointTable::idsAt(uint64_t address) const {
  auto found = breakpoints_.find(address);
  if (found == breakpoints_.end() || !found->second.verified) return {};
  return {found->second.id};
}

std::vector<int> InstructionBreakpointTable::idsThatStop(uint64_t address,
                                                          const std::function<bool(const std::string&)>& conditionHolds,
                                                          std::string& problem) {
  auto found = breakpoints_.find(address);
  if (found == breakpoints_.end() || !found->second.verified) return {};
  InstructionBreakpoint& breakpoint = found->second;
  if (!breakpoint.condition.empty()) {
    try {
      if (!conditionHolds(breakpoint.condition)) return {};
    } catch (const std::exception& error) {
      problem = "Breakpoint condition '" + breakpoint.condition + "' could not be evaluated: " + error.what();
      return {breakpoint.id};
    }
  }
  if (!breakpoint.hitCondition.countHit()) return {};
  return {breakpoint.id};
}

void InstructionBreakpointTable::forgetAfterExec() {
  for (auto& [address, breakpoint] : breakpoints_) {
    breakpoint.verified = false;
    breakpoint.message = "The program called execve: this address belonged to the previous program.";
  }
  if (holdsSlots_) {
    std::vector<InstructionBreakpoint*> none;
    placeHardware(none);
  }
}

void InstructionBreakpointTable::removeBytes() {
  for (auto& [address, breakpoint] : breakpoints_) {
    if (breakpoint.verified && !breakpoint.hardware) memory_.removeBreakpoint(address);
  }
}

void InstructionBreakpointTable::uninstallAll() {
  removeBytes();
  breakpoints_.clear();
  if (holdsSlots_) {
    std::vector<InstructionBreakpoint*> none;
    placeHardware(none);
  }
}

nlohmann::json InstructionBreakpointTable::toJson(const InstructionBreakpoint& breakpoint) {
  nlohmann::json out = {{"id", breakpoint.id}, {"verified", breakpoint.verified}, {"address", args::address(breakpoint.address)}};
  if (!breakpoint.message.empty()) out["message"] = breakpoint.message;
  return out;
}

}  // namespace rwd
