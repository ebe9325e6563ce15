// InstructionBreakpointTable: ids, bytes and conditions of instruction breakpoints.
#include "control/InstructionBreakpointTable.h"

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
    wanted.push_back(std::move(breakpoint));
  }
  uninstallAll();
  std::vector<InstructionBreakpoint> answers;
  for (auto& breakpoint : wanted) {
    auto known = idByAddress_.find(breakpoint.address);
    breakpoint.id = known != idByAddress_.end() ? known->second : (idByAddress_[breakpoint.address] = nextId_++);
    auto already = breakpoints_.find(breakpoint.address);
    if (already != breakpoints_.end()) {
      // The same address twice in one request: one breakpoint, the last options win.
      already->second.condition = breakpoint.condition;
      already->second.hitCondition = breakpoint.hitCondition;
      answers.push_back(already->second);
      continue;
    }
    breakpoint.verified = memory_.addBreakpoint(breakpoint.address);
    if (!breakpoint.verified) {
      breakpoint.message = "No breakpoint at " + hex(breakpoint.address) +
                           ": the program has no code there that can be written (is the address mapped?).";
    }
    breakpoints_.emplace(breakpoint.address, breakpoint);
    answers.push_back(breakpoint);
  }
  return answers;
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
}

void InstructionBreakpointTable::uninstallAll() {
  for (auto& [address, breakpoint] : breakpoints_) {
    if (breakpoint.verified) memory_.removeBreakpoint(address);
  }
  breakpoints_.clear();
}

nlohmann::json InstructionBreakpointTable::toJson(const InstructionBreakpoint& breakpoint) {
  nlohmann::json out = {{"id", breakpoint.id}, {"verified", breakpoint.verified}, {"address", args::address(breakpoint.address)}};
  if (!breakpoint.message.empty()) out["message"] = breakpoint.message;
  return out;
}

}  // namespace rwd
