// ReplayBreakpoints: int3 breakpoints at several addresses of a replay
// process, for finding positions in a native recording by counting. Each
// address counts its own hits from zero (arm); at every hit the program
// stands before the instruction (registers as there) and `onHit` decides:
// true leaves it standing there (reachedStop), false counts on — the
// instruction is stepped over and the int3 put back. The bytes under the
// int3s come from `originalByte` (the debugger's view of the code, which
// knows the bytes under its own breakpoints and the kernel's probes).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>

#include "replay/HitCounter.h"

namespace rwd {

class ReplayBreakpoints : public HitCounter {
 public:
  explicit ReplayBreakpoints(std::function<uint8_t(uint64_t address)> originalByte)
      : originalByte_(std::move(originalByte)) {}
  // Adds `address` (its count starts at zero); with stopAtHit > 0 the
  // program stops at that hit of it whatever onHit says.
  void arm(pid_t pid, uint64_t address, uint64_t stopAtHit) override;
  bool onStop(pid_t pid, int signal) override;
  bool reachedStop() const override { return stopped_; }
  uint64_t hits() const override { return total_; }
  uint64_t hitsAt(uint64_t address) const;
  // Takes every int3 out of `pid` (before the process is shown to the user).
  void disarm(pid_t pid);

  // Runs the one instruction at the stopped program's pc (its counting
  // int3 taken out); throws when it stops otherwise than by the step's trap.
  static void stepOverInstruction(pid_t pid);

  // (address, its hit number since armed) → stop here?
  std::function<bool(uint64_t address, uint64_t hit)> onHit;

 private:
  struct Site {
    uint8_t original = 0;
    uint64_t hits = 0;
    uint64_t stopAt = 0;
    bool inserted = false;
  };
  void insert(pid_t pid, uint64_t address, Site& site);
  void remove(pid_t pid, uint64_t address, Site& site);

  std::function<uint8_t(uint64_t)> originalByte_;
  std::map<uint64_t, Site> sites_;
  uint64_t total_ = 0;
  bool stopped_ = false;
};

}  // namespace rwd
