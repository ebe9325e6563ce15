// InstructionBreakpointTable: ids, bytes and conditions of instruction breakpoints.
#include "control/InstructionBreakpointTable.h"

#include <cstdio>

#include "control/ConditionText.h"

namespace rwd {

namespace {

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

std::vector<InstructionBreakpoint> InstructionBreakpointTable::set(
    const std::vector<InstructionBreakpointSpec>& specs) {
  std::vector<InstructionBreakpoint> wanted;
  for (const auto& spec : specs) {  // parse first: a bad hit condition changes nothing
    InstructionBreakpoint breakpoint;
    breakpoint.address = spec.address;
    breakpoint.condition = spec.condition;
    breakpoint.hitCondition = HitCondition::parse(spec.hitCondition);
    breakpoint.hardware = spec.hardware;
    wanted.push_back(std::move(breakpoint));
  }
  removeInstalled();
  breakpoints_.clear();
  std::vector<uint64_t> requestOrder;
  for (auto& breakpoint : wanted) {
    requestOrder.push_back(breakpoint.address);
    auto known = idByAddress_.find(breakpoint.address);
    breakpoint.id = known != idByAddress_.end() ? known->second : (idByAddress_[breakpoint.address] = nextId_++);
    // The same address twice in one request: one breakpoint, the last options win.
    breakpoints_[breakpoint.address] = std::move(breakpoint);
  }
  for (auto& [address, breakpoint] : breakpoints_) {
    if (breakpoint.hardware) {
      auto problem = hardware_.add(address, slotOwner(breakpoint));
      breakpoint.verified = !problem;
      if (problem) breakpoint.message = *problem;
      continue;
    }
    breakpoint.verified = memory_.addBreakpoint(address);
    if (!breakpoint.verified) {
      breakpoint.message = "No breakpoint at " + hex(address) +
                           ": the program has no code there that can be written (is the address mapped?). "
                           "A hardware breakpoint does not write the code.";
    }
  }
  std::vector<InstructionBreakpoint> answers;
  for (uint64_t address : requestOrder) answers.push_back(breakpoints_.at(address));
  return answers;
}

std::string InstructionBreakpointTable::slotOwner(const InstructionBreakpoint& breakpoint) {
  return "hardware breakpoint at " + hex(breakpoint.address) + " (id " + std::to_string(breakpoint.id) + ")";
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
      problem = "Breakpoint " + conditionFailure(breakpoint.condition, error.what());
      return {breakpoint.id};
    }
  }
  if (!breakpoint.hitCondition.countHit()) return {};
  return {breakpoint.id};
}

void InstructionBreakpointTable::forgetAfterExec() {
  for (auto& [address, breakpoint] : breakpoints_) {
    if (breakpoint.verified && breakpoint.hardware) hardware_.remove(address, slotOwner(breakpoint));
    breakpoint.verified = false;
    breakpoint.message = "The program called execve: this address belonged to the previous program.";
  }
}

void InstructionBreakpointTable::removeInstalled() {
  for (auto& [address, breakpoint] : breakpoints_) {
    if (!breakpoint.verified) continue;
    if (breakpoint.hardware) hardware_.remove(address, slotOwner(breakpoint));
    else memory_.removeBreakpoint(address);
  }
}

void InstructionBreakpointTable::uninstallAll() {
  removeInstalled();
  breakpoints_.clear();
}

}  // namespace rwd
