// ReplayBreakpoints: counting int3s at several addresses of a replay.
#include "replay/ReplayBreakpoints.h"

#include <signal.h>
#include <sys/user.h>

#include <stdexcept>

#include "registers/RegisterText.h"
#include "replay/ProcMemFile.h"
#include "replay/Ptrace.h"
#include "replay/TraceeStop.h"

namespace rwd {

void ReplayBreakpoints::insert(pid_t pid, uint64_t address, Site& site) {
  static constexpr uint8_t kInt3 = 0xCC;
  if (!ProcMemFile(pid).write(address, &kInt3, 1))
    throw std::runtime_error("cannot place a counting breakpoint at " + RegisterText::hex(address) + " in the replay");
  site.inserted = true;
}

void ReplayBreakpoints::remove(pid_t pid, uint64_t address, Site& site) {
  if (!site.inserted) return;
  if (!ProcMemFile(pid).write(address, &site.original, 1))
    throw std::runtime_error("cannot remove a counting breakpoint at " + RegisterText::hex(address) + " in the replay");
  site.inserted = false;
}

void ReplayBreakpoints::arm(pid_t pid, uint64_t address, uint64_t stopAtHit) {
  Site& site = sites_[address];
  remove(pid, address, site);
  site = Site{originalByte_(address), 0, stopAtHit, false};
  insert(pid, address, site);
}

uint64_t ReplayBreakpoints::hitsAt(uint64_t address) const {
  auto found = sites_.find(address);
  return found == sites_.end() ? 0 : found->second.hits;
}

void ReplayBreakpoints::disarm(pid_t pid) {
  for (auto& [address, site] : sites_) remove(pid, address, site);
}

bool ReplayBreakpoints::onStop(pid_t pid, int signal) {
  if (signal != SIGTRAP) return false;
  user_regs_struct regs = Ptrace::registers(pid);
  auto found = sites_.find(regs.rip - 1);
  if (found == sites_.end() || !found->second.inserted) return false;
  const uint64_t address = found->first;
  Site& site = found->second;
  ++site.hits;
  ++total_;
  regs.rip = address;
  Ptrace::setRegisters(pid, regs);
  remove(pid, address, site);
  const bool stop = site.hits == site.stopAt || (onHit && onHit(address, site.hits));
  if (stop) {
    stopped_ = true;  // stays removed: the program stands before the instruction
    return true;
  }
  // A breakpoint's line starts with no system call or trapping instruction.
  stepOverInstruction(pid);
  insert(pid, address, site);
  return true;
}

void ReplayBreakpoints::stepOverInstruction(pid_t pid) {
  Ptrace::step(pid);
  const TraceeStop stop = TraceeStop::waitFor(pid);
  if (stop.kind != TraceeStop::Kind::Signal || stop.signal != SIGTRAP)
    throw std::runtime_error("stepping over a counted instruction stopped with " + stop.describe());
}

}  // namespace rwd
