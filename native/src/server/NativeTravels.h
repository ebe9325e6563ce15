// NativeTravels: reverse-continue on a native recording, and continue
// forward while in its past, with the session's breakpoints. NativePast
// finds and shows the hits; this class says which hits stop — conditions
// judged in the replay (logpoints are not written again), hit conditions
// numbered from the live counts (a hit's number is the live count less the
// qualifying hits after it) — and points the session's view at the replay
// while in the past, back at the live program at the present.
#pragma once

#include <sys/types.h>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "control/BreakpointTable.h"
#include "control/ReverseController.h"
#include "control/StopReport.h"
#include "process/Process.h"
#include "replay/NativePast.h"

namespace rwd {

class NativeTravels {
 public:
  struct Session {
    Process& process;
    BreakpointTable& breakpoints;
    // The breakpoint's condition in the top frame of the shown program.
    std::function<bool(const std::string& condition)> conditionHolds;
    // Qualifying hits of a breakpoint counted live (by the debugger and the kernel).
    std::function<int64_t(int id)> liveHits;
    // The view changed (caches of frames and values are stale).
    std::function<void()> viewChanged;
  };
  explicit NativeTravels(Session session) : session_(std::move(session)) {}
  ~NativeTravels() { leave(); }

  bool inPast() const { return past_ && past_->inPast(); }
  std::string positionText() const { return past_ ? past_->positionText() : ""; }
  // From the present (stopped at `presentStop`) or from the past.
  TravelResult reverseContinue(const NativeRecording& recording, const std::optional<StopReport>& presentStop);
  // In the past: to the next hit that stops; at the present again (the
  // live program shown) when none comes first: then `atLiveEnd` says
  // whether the program should run on live (the present was no breakpoint
  // stop) or the present's stop is reported again.
  TravelResult continueForward();
  // Back to the live program (the replay is killed).
  void leave();

 private:
  std::set<uint64_t> breakpointAddresses() const;
  std::vector<int> judge(pid_t replay, uint64_t address);
  // The hit numbers of `hit`'s breakpoints from afterHere_: whether one stops.
  std::vector<int> stopping(const NativeHit& hit);
  // Runs NativePast's travel; a failure leaves the past (the present is shown) and says why.
  std::optional<NativeHit> travel(bool backward, const NativePast::Accept& accept);
  TravelResult stoppedAt(const NativeHit& hit, std::vector<int> ids);
  void show(pid_t replay);

  Session session_;
  std::unique_ptr<NativePast> past_;
  std::optional<StopReport> presentStop_;
  // Qualifying hits of each breakpoint after the position shown, up to the present.
  std::map<int, int64_t> afterHere_;
  std::vector<int> hereIds_;
};

}  // namespace rwd
