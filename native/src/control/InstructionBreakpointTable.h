// InstructionBreakpointTable: the user's instruction breakpoints (set in a
// disassembly view) — one per address, with an optional condition and hit
// condition, a stable id per address, and the breakpoint byte each one
// owns in the AddressSpace. The run controller asks, at a breakpoint hit,
// which of them stop; ids start at kFirstId so they never meet the id of a
// source or function breakpoint in a stop's hitBreakpointIds.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <vector>

#include "control/HitCondition.h"
#include "process/AddressSpace.h"

namespace rwd {

struct InstructionBreakpointSpec {
  uint64_t address = 0;
  std::string condition;
  std::string hitCondition;
};

struct InstructionBreakpoint {
  int id = 0;
  uint64_t address = 0;
  std::string condition;
  HitCondition hitCondition;
  bool verified = false;
  std::string message;
};

class InstructionBreakpointTable {
 public:
  static constexpr int kFirstId = 1000000;

  explicit InstructionBreakpointTable(AddressSpace& memory) : memory_(memory) {}
  InstructionBreakpointTable(const InstructionBreakpointTable&) = delete;
  InstructionBreakpointTable& operator=(const InstructionBreakpointTable&) = delete;

  // Replaces every instruction breakpoint; one answer per spec, in order.
  // A bad hit condition throws RequestError(BadRequest) and changes nothing.
  std::vector<InstructionBreakpoint> set(const std::vector<InstructionBreakpointSpec>& specs);
  // Ids of the instruction breakpoints at `address` (empty when none).
  std::vector<int> idsAt(uint64_t address) const;
  // Addresses of the verified ones (where a travel through the history stops).
  std::vector<uint64_t> addresses() const;
  // The ids at `address` that stop this hit: the condition holds (asked
  // through `conditionHolds`, which throws when it cannot be evaluated —
  // that breakpoint stops and `problem` says why) and the hit count is reached.
  std::vector<int> idsThatStop(uint64_t address, const std::function<bool(const std::string&)>& conditionHolds,
                               std::string& problem);
  // After execve the addresses belong to the old image: the bytes are gone
  // with it; every breakpoint stays, unverified, until set again.
  void forgetAfterExec();
  // Takes every byte out (detach).
  void uninstallAll();
  bool empty() const { return breakpoints_.empty(); }

  static nlohmann::json toJson(const InstructionBreakpoint& breakpoint);

 private:
  AddressSpace& memory_;
  int nextId_ = kFirstId;
  std::map<uint64_t, int> idByAddress_;  // ids stay with their address for the session
  std::map<uint64_t, InstructionBreakpoint> breakpoints_;  // by address; installed when verified
};

}  // namespace rwd
