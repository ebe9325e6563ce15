// ReplayDivergence: thrown when a replay does something other than what the
// recording logged (another system call or arguments, other bytes written,
// a signal or trap where none was, another final state). Its message names
// the event and the difference; the replay stops there, so no state that
// did not happen is ever shown.
#pragma once

#include <cstddef>
#include <stdexcept>
#include <string>

namespace rwd {

class ReplayDivergence : public std::runtime_error {
 public:
  ReplayDivergence(size_t eventIndex, const std::string& what)
      : std::runtime_error("replay diverged from the recording at event " + std::to_string(eventIndex) + ": " + what),
        eventIndex_(eventIndex) {}
  size_t eventIndex() const { return eventIndex_; }

 private:
  size_t eventIndex_;
};

}  // namespace rwd
