// NativeStepStretch: the user's own steps on a native recording, recorded
// exactly. While the native engine records, the program runs at native
// speed between stops; when the user steps (next, step in, step out, by
// line or instruction) the exact single-step recorder (ReverseController)
// is switched on at that stop, so every instruction of the steps — calls
// that `next` runs over included, single-stepped like the rest — is in its
// History, and stepping back through them needs no replay. The stretch
// begins at an exact state (the stop where the first step starts) and ends
// when the program runs on live (continue): then the recorder is switched
// off and the native engine alone records again. System calls made inside
// the stretch go through both: the native engine logs them for replays,
// the recorder keeps their effects for the travels.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <optional>

#include "control/ReverseController.h"
#include "control/RunController.h"
#include "control/StopReport.h"

namespace rwd {

class NativeStepStretch {
 public:
  // `loggedEvents`: how many events the native log holds now.
  NativeStepStretch(ReverseController& reverse, uint64_t limit, std::function<size_t()> loggedEvents)
      : reverse_(reverse), limit_(limit), loggedEvents_(std::move(loggedEvents)) {}

  // Before a step of the user's at the live program, stopped by `stop`
  // (when known): the stretch begins here unless it runs already.
  void beforeStep(const std::optional<StopReport>& stop);
  // Before the program runs on live at native speed: the stretch ends (its history is dropped).
  void end();
  // Whether a stretch is recorded (the reverse steps are served from it).
  bool open() const { return open_ && reverse_.recording(); }
  // Whether the native log ends where the stretch begins (nothing was
  // logged during the steps), so that a replay of the log finds the
  // stretch's first position as its present.
  bool beginsAtLogEnd() const { return open() && loggedEvents_() == eventsAtBegin_; }
  // The stop the stretch began at: what a replay from its first position shows as the present.
  const std::optional<StopReport>& beginStop() const { return beginStop_; }
  // Reverse-continue while the stretch is shown in its past: searches the
  // steps backward with `run`'s breakpoints (the position they began at
  // included). Answers the stop found there, or their first position when
  // the native log cannot be replayed from it (events were logged during
  // them); nullopt when the search goes on in the native log from
  // the steps' first position, where the live program now stands.
  std::optional<TravelResult> reverseContinue(RunController& run);
  // A step back that reached the steps' first position says so (the
  // recording itself goes further back, but not for this request yet).
  void describeFirstStep(TravelResult& result) const;

 private:
  ReverseController& reverse_;
  uint64_t limit_;
  std::function<size_t()> loggedEvents_;
  bool open_ = false;
  size_t eventsAtBegin_ = 0;
  std::optional<StopReport> beginStop_;
};

}  // namespace rwd
