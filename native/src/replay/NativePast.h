// NativePast: where a natively recorded program is shown in its past, and
// the travels there. A position is (checkpoint, address, hit number of that
// address counted from the checkpoint), confirmed by the registers; the
// program in that state is a replay process (NativeReplayer) forked from the
// checkpoint and stopped exactly there, which the session shows instead of
// the live program (that stays stopped at the present, untouched).
// Travels replay a checkpoint's stretch ("window") with breakpoints that
// count, let the caller judge hits (conditions are evaluated in the replay,
// shown while it stands at the hit), and replay again to the chosen hit.
// Backward, where the kernel allows BPF, the counting is the kernel's
// (KernelHitCounter): a first replay counts every address's hits without
// stopping, then replays stop only at the last hits (16, then 64, 256 …
// before the end) to judge them, latest first; elsewhere (or with
// REWIND_REPLAY_COUNTING=int3) int3 breakpoints count (ReplayBreakpoints)
// and every hit is judged, as in every forward scan. The position text says
// which counted. The present is found in the last window by its
// address, registers and a digest of all writable memory. A divergence
// throws ReplayDivergence (or another error naming what failed): the
// replay is dropped and nothing that did not happen is shown.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "replay/KernelHitCounter.h"
#include "replay/NativeRecording.h"
#include "replay/NativeReplayer.h"
#include "replay/ReplayBreakpoints.h"

namespace rwd {

// One hit of a breakpoint address found in a window.
struct NativeHit {
  size_t window = 0;      // checkpoint index
  uint64_t address = 0;   // the breakpoint's instruction
  uint64_t hit = 0;       // its hit number from the checkpoint on
  size_t eventIndex = 0;  // the next event of the log at that moment
  user_regs_struct registers{};
  std::vector<int> ids;  // what the caller's judge said of it (breakpoints whose condition held)
};

class NativePast {
 public:
  struct Hooks {
    // Shows this process in the session (0: the live program again).
    std::function<void(pid_t)> show;
    // The code byte at `address` as the program has it (under any breakpoint).
    std::function<uint8_t(uint64_t address)> originalByte;
    // The replay `replay` stands at a hit of `address`: the ids of the
    // breakpoints there whose condition holds (empty: not a candidate). It
    // shows the replay (show) where it must read it; the scan shows what
    // was shown before when it ends.
    std::function<std::vector<int>(pid_t replay, uint64_t address)> judge;
  };
  // Takes a hit found (going backward: the latest first) and says whether to stop there.
  using Accept = std::function<bool(const NativeHit& hit)>;

  // `present`: the live program's registers where it stands now (the debugger's view).
  NativePast(const NativeRecording& recording, pid_t livePid, const user_regs_struct& present, Hooks hooks);
  ~NativePast();
  NativePast(const NativePast&) = delete;
  NativePast& operator=(const NativePast&) = delete;

  bool inPast() const { return replay_ != nullptr; }
  bool atStart() const { return inPast() && !here_; }
  const std::optional<NativeHit>& here() const { return here_; }
  pid_t replayPid() const { return replay_ ? replay_->pid() : 0; }

  // Goes to the nearest earlier hit of `addresses` that `accept` takes, and
  // returns it; with none, to the start of the recording (nullopt).
  std::optional<NativeHit> backward(const std::set<uint64_t>& addresses, const Accept& accept);
  // From a position in the past, to the nearest later hit that `accept`
  // takes; nullopt when the present comes first: then the live program is
  // shown again.
  std::optional<NativeHit> forward(const std::set<uint64_t>& addresses, const Accept& accept);
  // Back to the live program at the present (the replay is killed).
  void leave();
  // "native history: event 12 of 40, hit 3 of 0x401136 after checkpoint 1" in the past.
  std::string positionText() const;

 private:
  // Where a window's scan ends: the next checkpoint's event, the present,
  // or (going backward from the past) the position shown now.
  struct WindowEnd {
    size_t event = 0;                 // runTo target
    bool present = false;             // the live program's state
    std::optional<NativeHit> before;  // stop at this position
  };
  WindowEnd endOf(size_t window) const;
  size_t windowOfPresent() const { return recording_.checkpoints.size() - 1; }
  // Replays `window` to `end`; every judged hit in order (those after
  // `after` only, when given). With `kernel` it only counts the hits of
  // `addresses` (stopping at none of them): into `counts`, per address,
  // those before the end.
  std::vector<NativeHit> scan(size_t window, const WindowEnd& end, const std::set<uint64_t>& addresses,
                              const std::optional<NativeHit>& after, KernelHitCounter* kernel = nullptr,
                              std::map<uint64_t, uint64_t>* counts = nullptr);
  // Backward in `window` with kernel counting: the latest hit before `end` that `accept` takes.
  std::optional<NativeHit> latestCounted(size_t window, const WindowEnd& end, const std::set<uint64_t>& addresses,
                                         const Accept& accept);
  // Replays `window` and judges the hits from[a] … upTo[a] of each address,
  // in the order they happen. The last of them (the latest) is offered to
  // `accept` there (`offered`); when `taken`, that replay is shown, standing at it.
  std::vector<NativeHit> collect(size_t window, const std::map<uint64_t, uint64_t>& from,
                                 const std::map<uint64_t, uint64_t>& upTo, const Accept& accept, bool& offered,
                                 bool& taken);
  // Puts the program's own code bytes under `addresses` in the replay (a
  // checkpoint copied while the live program had the debugger's int3s there).
  void restoreCode(pid_t replay, const std::set<uint64_t>& addresses) const;
  uint64_t liveDigest();
  bool isPresent(pid_t replay, const user_regs_struct& regs, size_t nextEvent);
  // Replays to `hit` and shows it.
  void travelTo(const NativeHit& hit);
  void travelToStart();
  void drop();

  const NativeRecording& recording_;
  pid_t live_;
  Hooks hooks_;
  user_regs_struct liveRegisters_{};
  std::optional<uint64_t> liveDigest_;
  std::string nearPresent_;                  // how the last state at the present's address differed from it
  std::unique_ptr<HitCounter> breakpoints_;  // the shown replay's (declared before it: it outlives it)
  std::unique_ptr<NativeReplayer> replay_;
  std::optional<NativeHit> here_;  // where the shown replay stands (nullopt in the past: the start)
  bool kernelCounting_ = false;    // backward scans count in the kernel
  std::string int3Why_;            // else why not
  std::string countedBy_;          // how the shown position was found: "in the kernel", "with int3 breakpoints (why)"
};

}  // namespace rwd
