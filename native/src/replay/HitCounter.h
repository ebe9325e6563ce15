// HitCounter: counts how often the replayed program reaches one code
// address, and can stop it exactly at the N-th time — how a position
// (event, address, hits since the event) is found again without an
// instruction counter. NativeReplayer asks its counter about every trap it
// does not know; PtraceHitCounter and ReplayBreakpoints use int3
// breakpoints, KernelHitCounter counts in the kernel (uprobes with BPF).
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
  // The program stopped with `signal` (a SIGTRAP of an int3, the kernel
  // probes' stop signal): true when it was this counter's hit (counted; the
  // program can be resumed, the signal not delivered), false when the stop
  // is not its own.
  virtual bool onStop(pid_t pid, int signal) = 0;
  // Whether the program now stands at the requested hit (registers as before the instruction).
  virtual bool reachedStop() const = 0;
  virtual uint64_t hits() const = 0;
};

}  // namespace rwd
