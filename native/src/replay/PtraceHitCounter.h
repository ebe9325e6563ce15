// PtraceHitCounter: the int3 implementation of HitCounter. A breakpoint
// byte sits at the address; each hit is counted, and to go on the original
// byte is put back for one single step over the instruction, then the
// breakpoint again. About 35 µs a hit on the project's machines: fine for
// thousands of hits, the place where a kernel-side counter takes over.
#pragma once

#include "replay/HitCounter.h"

namespace rwd {

class PtraceHitCounter : public HitCounter {
 public:
  void arm(pid_t pid, uint64_t address, uint64_t stopAtHit) override;
  bool onStop(pid_t pid, int signal) override;
  bool reachedStop() const override { return reached_; }
  uint64_t hits() const override { return hits_; }

 private:
  void insert(pid_t pid);
  void remove(pid_t pid);
  uint64_t address_ = 0;
  uint64_t stopAt_ = 0;
  uint64_t hits_ = 0;
  uint8_t original_ = 0;
  bool inserted_ = false;
  bool reached_ = false;
};

}  // namespace rwd
