// NativeStepStretch: switching the exact recorder on for the user's steps
// on a native recording, and off when the program runs on.
#include "server/NativeStepStretch.h"

namespace rwd {

void NativeStepStretch::beforeStep(const std::optional<StopReport>& stop) {
  if (open()) return;
  eventsAtBegin_ = loggedEvents_();  // the buffered calls up to here drained first
  reverse_.start(limit_);
  open_ = true;
  beginStop_ = stop;
}

void NativeStepStretch::end() {
  if (!open_) return;
  open_ = false;
  reverse_.stop();  // leaves the stretch's past first: the program stands at its live end
}

std::optional<TravelResult> NativeStepStretch::reverseContinue(RunController& run) {
  TravelResult found = run.continueInHistory(true);
  if (reverse_.info().position != 0) return found;
  // The steps' first position: a breakpoint there is the hit they began at.
  if (found.reason != StopReason::Step) {
    found.description = "The breakpoint hit where your steps began (" + reverse_.positionText() + ")";
    return found;
  }
  if (beginsAtLogEnd()) return std::nullopt;
  found.description = "Reached the first of the steps recorded exactly (" + reverse_.positionText() +
                      "); system calls were logged during them, so the native recording cannot be replayed back "
                      "from here: continue to the end of the steps, then reverse-continue from there";
  return found;
}

void NativeStepStretch::describeFirstStep(TravelResult& result) const {
  if (!open() || result.atLiveEnd || reverse_.info().position != 0) return;
  result.description = "Reached the first of the steps recorded exactly (" + reverse_.positionText() +
                       "): stepping back further on a native recording is not available yet; reverse-continue "
                       "replays it further back";
}

}  // namespace rwd
