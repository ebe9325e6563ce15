// CheckpointSchedule: when a native recording takes its next fork
// checkpoint — every so many events or milliseconds, whichever comes
// first — and how it keeps within its budget of checkpoints: when the list
// is full, every other checkpoint goes and the intervals double.
#pragma once

#include <chrono>
#include <cstddef>

#include "replay/NativeCheckpoints.h"

namespace rwd {

class CheckpointSchedule {
 public:
  // The schedule a recording starts with unless told otherwise.
  static constexpr size_t kDefaultEveryEvents = 20000;
  static constexpr double kDefaultEveryMilliseconds = 200;
  static constexpr size_t kDefaultMaxCheckpoints = 16;

  CheckpointSchedule(size_t everyEvents, double everyMilliseconds, size_t maxCheckpoints)
      : everyEvents_(everyEvents),
        everyMilliseconds_(everyMilliseconds),
        max_(maxCheckpoints),
        last_(std::chrono::steady_clock::now()) {}

  // Whether a checkpoint is due now, `events` having been logged.
  bool due(const NativeCheckpoints& checkpoints, size_t events) const {
    if (checkpoints.empty()) return true;
    const size_t since = events - eventsAtLast_;
    if (since == 0) return false;
    const double elapsed = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - last_).count();
    return since >= everyEvents_ || elapsed >= everyMilliseconds_;
  }
  // Before a checkpoint is taken: makes room in `checkpoints` when full.
  void makeRoom(NativeCheckpoints& checkpoints) {
    if (checkpoints.size() < max_ || checkpoints.size() < 2) return;
    checkpoints.thinOut();
    everyEvents_ *= 2;
    everyMilliseconds_ *= 2;
  }
  // A checkpoint was taken with `events` logged.
  void taken(size_t events) {
    eventsAtLast_ = events;
    last_ = std::chrono::steady_clock::now();
  }
  // Starts the clock (the program starts running now).
  void restartClock() { last_ = std::chrono::steady_clock::now(); }

 private:
  size_t everyEvents_;
  double everyMilliseconds_;
  size_t max_;
  size_t eventsAtLast_ = 0;
  std::chrono::steady_clock::time_point last_;
};

}  // namespace rwd
