// InstructionBreakpointTable: the user's instruction breakpoints (set in a
// disassembly view) — one per address, with an optional condition and hit
// condition, a stable id per address, and what stops there: a breakpoint
// byte it owns in the AddressSpace (software mode) or an execution slot of
// the CPU's debug registers (hardware mode: the code is not written, so
// read-only or not yet mapped code works). The run controller asks, at a hit,
// which of them stop; ids start at kFirstId so they never meet the id of a
// source or function breakpoint in a stop's hitBreakpointIds.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "control/HitCondition.h"
#include "hwbreak/ExecutionSlots.h"
#include "process/AddressSpace.h"

namespace rwd {

struct InstructionBreakpointSpec {
  uint64_t address = 0;
  std::string condition;
  std::string hitCondition;
  bool hardware = false;  // DAP breakpoint mode "hardware"
};

struct InstructionBreakpoint {
  int id = 0;
  uint64_t address = 0;
  std::string condition;
  HitCondition hitCondition;
  bool hardware = false;
  bool verified = false;
  std::string message;
};

class InstructionBreakpointTable {
 public:
  static constexpr int kFirstId = 1000000;

  // Hardware ones take their slots from `hardware`.
  InstructionBreakpointTable(AddressSpace& memory, ExecutionSlots& hardware) : memory_(memory), hardware_(hardware) {}
  InstructionBreakpointTable(const InstructionBreakpointTable&) = delete;
  InstructionBreakpointTable& operator=(const InstructionBreakpointTable&) = delete;

  // Replaces every instruction breakpoint; one answer per spec, in order.
  // A bad hit condition throws DebugError(BadArgument) and changes nothing.
  // A hardware one that cannot have a slot (the debug registers do not trap
  // on this machine, or all are in use) is unverified with the reason.
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
  // with it (and the kernel clears the debug registers); every breakpoint
  // stays, unverified, until set again.
  void forgetAfterExec();
  // Takes every byte and slot out.
  void uninstallAll();
  bool empty() const { return breakpoints_.empty(); }

 private:
  // Takes out the bytes and slots of the installed ones.
  void removeInstalled();
  static std::string slotOwner(const InstructionBreakpoint& breakpoint);

  AddressSpace& memory_;
  ExecutionSlots& hardware_;
  int nextId_ = kFirstId;
  std::map<uint64_t, int> idByAddress_;                    // ids stay with their address for the session
  std::map<uint64_t, InstructionBreakpoint> breakpoints_;  // by address; installed when verified
};

}  // namespace rwd
