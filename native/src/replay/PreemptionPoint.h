// PreemptionPoint: finds again, in a replay, the place where the recording
// interrupted a thread after its time slice (a Preempt event: an address,
// the thread's registers and a digest of all writable memory). There is no
// instruction counter, so each pass of the thread over the address is
// stopped (through a HitCounter, int3 for now; a kernel-side counter can
// take its place) and compared: the first pass whose registers and memory
// both equal the recording's is the place — the same state has the same
// future, so stopping there is exact, never a guess. A pass that does not
// match goes on; a pass whose state equals the pass before (a spin that
// can end only through another thread) shows the thread will never reach
// the recorded state: that is a divergence (thrown), not a hang.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstddef>
#include <cstdint>
#include <optional>

#include "replay/NativeEvent.h"
#include "replay/PtraceHitCounter.h"

namespace rwd {

class PreemptionPoint {
 public:
  // Starts looking for `event`'s place in thread `tid` (the event must outlive the search).
  void seek(pid_t tid, const NativeEvent& event, size_t eventIndex);
  bool seeking() const { return event_ != nullptr; }
  // The thread stopped with SIGTRAP: true when it was this search's
  // breakpoint. The search then ended when the thread stands at the
  // recorded state (foundNow()); otherwise the thread may go on.
  bool onTrap(pid_t tid);
  bool foundNow() const { return found_; }
  uint64_t passes() const { return passes_; }
  // Registers equal where they decide the future (all but orig_rax, which
  // only says how the thread came to stop).
  static bool sameState(const user_regs_struct& a, const user_regs_struct& b);

 private:
  PtraceHitCounter counter_;
  const NativeEvent* event_ = nullptr;
  size_t eventIndex_ = 0;
  std::optional<user_regs_struct> lastPass_;
  std::optional<uint64_t> lastDigest_;  // of lastPass_, when its registers repeated the pass before
  bool found_ = false;
  uint64_t passes_ = 0;
};

}  // namespace rwd
