// ExecutionSlots: hardware execution breakpoints for the breakpoint tables
// (DAP breakpoint mode "hardware"): one execution slot of the CPU's debug
// registers per address, shared by reference between the breakpoints that
// want the same address, committed into every thread at once (all must be
// stopped). Nothing is written into the code, so read-only or not yet
// mapped code can have one. Refused, with the reason, where the debug
// registers do not trap (DebugRegisterProbe) or are all in use.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "hwbreak/DebugRegisterProbe.h"
#include "hwbreak/DebugRegisterSlots.h"

namespace rwd {

class ExecutionSlots {
 public:
  using TrapVerdict = std::function<const DebugRegisterVerdict&()>;
  // `registers` gives the debug registers (created on first use);
  // `trapVerdict` says whether they trap on this machine (the probe; tests
  // may say otherwise).
  explicit ExecutionSlots(std::function<DebugRegisterSlots&()> registers,
                          TrapVerdict trapVerdict = &DebugRegisterProbe::verdict)
      : registers_(std::move(registers)), trapVerdict_(std::move(trapVerdict)) {}

  // Takes an execution slot at `address` for `owner` (a label such as
  // "breakpoint at main.c:12 (id 3)"); nullopt when it is placed, else the
  // sentence that tells the user why not.
  std::optional<std::string> add(uint64_t address, const std::string& owner);
  // Gives back what `owner` holds at `address`.
  void remove(uint64_t address, const std::string& owner);

 private:
  std::function<DebugRegisterSlots&()> registers_;
  TrapVerdict trapVerdict_;
};

}  // namespace rwd
