// ExecutionSlots: execution breakpoints taken from and given back to the debug registers.
#include "hwbreak/ExecutionSlots.h"

#include <cctype>

namespace rwd {

std::optional<std::string> ExecutionSlots::add(uint64_t address, const std::string& owner) {
  const DebugRegisterVerdict& verdict = trapVerdict_();
  if (!verdict.traps) {
    return "A hardware breakpoint needs the CPU's debug registers, but " + verdict.explanation +
           ". Set this breakpoint in software mode (it writes a breakpoint instruction into the code).";
  }
  DebugRegisterSlots& registers = registers_();
  DebugRegisterAllocator next = registers.allocation();
  WatchChange change = next.insertWatch(address, 1, WatchKind::execute, owner);
  if (!change.ok) {
    change.message[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(change.message[0])));
    return change.message + ".";
  }
  try {
    registers.commit(next);
  } catch (const std::exception& error) {
    return std::string("The debug registers could not be written (is the program stopped?): ") + error.what();
  }
  return std::nullopt;
}

void ExecutionSlots::remove(uint64_t address, const std::string& owner) {
  DebugRegisterSlots& registers = registers_();
  DebugRegisterAllocator next = registers.allocation();
  if (!next.removeWatch(address, 1, WatchKind::execute, owner).ok) return;
  try {
    registers.commit(next);
  } catch (const std::exception&) {
    // A thread that refused keeps the slot armed; a stop there is then not
    // claimed by any breakpoint and is passed on as a plain trap.
  }
}

}  // namespace rwd
