// RecordingEngine: which engine records a launched program, and why — the
// exact single-step recorder (ReverseController) or the native-speed
// engine (SessionNativeRecorder) — chosen from the launch argument
// `recordEngine` and what this kernel allows; it connects the native
// recorder to the Process and describes the native log for recordingInfo.
// `auto` takes the step recorder for now: native recordings serve
// reverse-continue (and continue in their past) but not yet the other
// reverse requests, and `auto` must serve every request a session may send.
#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "process/LaunchRequest.h"
#include "process/Process.h"
#include "replay/FilteredChildren.h"
#include "replay/SessionNativeRecorder.h"

namespace rwd {

class RecordingEngine {
 public:
  // `requested`: "auto", "native" or "step" (checked by the caller);
  // `inTerminal`: the program is started by the client's terminal.
  void choose(const std::string& requested, bool inTerminal);
  bool native() const { return recorder_ != nullptr; }
  // Events in the native log so far, the system-call buffer's drained
  // first (0 when step).
  size_t loggedEvents() const;
  // Where the program's memory is rewound (shown in the past of exact
  // steps), the system-call buffer is not drained: its fill position is
  // not the present's. Set by the debugger.
  std::function<bool()> memoryRewound;
  // For the Debug Console: which engine records and why (empty when a
  // native recording has ended already: that was said).
  std::string announcement() const;
  // Starts the program under the native engine's filter when native.
  void prepare(LaunchRequest& request) const;
  // The program stopped after its exec: starts the native recording and
  // hooks it into `process`. `console` says why a recording ended;
  // `changed` is called when the recording's state changes.
  void begin(Process& process, std::function<void(const std::string&)> console, std::function<void()> changed);
  // The native part of recordingInfo and the `recording` event (empty when step).
  nlohmann::json info() const;
  // Throws WrongState naming `what` on a native recording (the reverse
  // requests it does not serve yet); `inPast`: the session shows its past.
  void refuseReverse(const std::string& what, bool inPast) const;
  // The native log to replay for `what`; throws WrongState with the reason
  // when there is none (step engine) or it ended before the present.
  const NativeRecording* replayableRecording(const std::string& what) const;

 private:
  // Drains the system-call buffer into the log unless the memory is rewound.
  void catchUpAtPresent() const;

  std::unique_ptr<SessionNativeRecorder> recorder_;
  FilteredChildren children_;  // the natively recorded program's children
  std::string requested_ = "auto";
  std::string why_;  // why the step recorder records, when it does
};

}  // namespace rwd
