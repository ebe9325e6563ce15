// KernelHitCounter: the kernel-side HitCounter for replays — one uprobe
// with a BPF program per address (ProbeEngine, the same engine that serves
// breakpoints), which counts every pass in the kernel without stopping the
// program, and stops it exactly before the instruction only at the passes
// its rule picks: a hit number (arm), every hit from a number on
// (armFrom), or the passes where the general registers equal a given state
// (armWhere: finding the present costs no stop per pass). At a stop the
// registers and the bytes the probed instruction wrote are put back
// (ProbeEngine's exact stop), and `onHit` decides as with
// ReplayBreakpoints: true leaves the program standing there, false counts
// on. A pass costs a trap into the kernel, no stop of the replay; where the
// kernel would step the instruction out of line (a second trap), the probe
// sits on the jumps leading to it instead when those are provably all the
// ways in (EmulatedApproach), as breakpoints' probes do.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <functional>
#include <map>

#include "probe/ProbeEngine.h"
#include "replay/HitCounter.h"

namespace rwd {

class KernelHitCounter : public HitCounter {
 public:
  // Counts `address` (from zero); with stopAtHit > 0 the program stops at
  // that hit whatever onHit says. Throws ProbeError when the kernel
  // refuses (no BPF, an address outside a mapped file).
  void arm(pid_t pid, uint64_t address, uint64_t stopAtHit) override;
  // Counts `address` and asks onHit at every hit from `firstStop` on.
  void armFrom(pid_t pid, uint64_t address, uint64_t firstStop);
  // Counts `address` and asks onHit at the hits where the general
  // registers (eflags without TF and RF; not rip, orig_rax or the segment
  // registers) equal `registers`.
  void armWhere(pid_t pid, uint64_t address, const user_regs_struct& registers);
  bool onStop(pid_t pid, int signal) override;
  bool reachedStop() const override { return stopped_; }
  uint64_t hits() const override;
  uint64_t hitsAt(uint64_t address) const;
  // Takes every probe out of the replay (its code is the program's again).
  void disarm();

  // (address, its hit number since armed) → stop here?
  std::function<bool(uint64_t address, uint64_t hit)> onHit;

 private:
  struct Site {
    int probe = -1;
    uint64_t stopAt = 0;
  };
  void place(pid_t pid, uint64_t address, HitRule rule, PredicateEmitter predicate, uint64_t stopAt);

  ProbeEngine engine_;
  std::map<uint64_t, Site> sites_;
  bool stopped_ = false;
};

}  // namespace rwd
