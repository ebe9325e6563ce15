// HitCounter: counts how often the replayed program reaches one code
// address, and can stop it exactly at the N-th time — how a position
// (event, address, hits since the event) is found again without an
// instruction counter. NativeReplayer asks its counter about every trap it
// does not know; the first implementation (PtraceHitCounter) uses int3
// breakpoints, and a kernel-side counter (uprobes with BPF) can take its
// place behind the same interface.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace rwd {

class HitCounter {
 public:
  virtual ~HitCounter() = default;
  // Starts counting hits of `address` in `pid` (from zero); with
  // `stopAtHit` > 0 the program is to stop before running the
  // instruction for the stopAtHit-th time.
  virtual void arm(pid_t pid, uint64_t address, uint64_t stopAtHit) = 0;
  // The program stopped with SIGTRAP: true when it was this counter's hit
  // (counted; the program can be resumed), false when the trap is not its own.
  virtual bool onTrap(pid_t pid) = 0;
  // Whether the program now stands at the requested hit (registers as before the instruction).
  virtual bool reachedStop() const = 0;
  virtual uint64_t hits() const = 0;
};

}  // namespace rwd
