// RecordingEngine: the engine choice, its announcement and the native hooks.
#include "server/RecordingEngine.h"

#include <cstdlib>
#include <optional>
#include <stdexcept>

#include "protocol/RequestError.h"

namespace rwd {

void RecordingEngine::choose(const std::string& requested, bool inTerminal) {
  requested_ = requested;
  recorder_.reset();
  if (requested == "step") {
    why_ = "recordEngine \"step\"";
    return;
  }
  if (requested == "auto") {
    why_ = "recordEngine \"auto\" takes it until native recordings serve every reverse request";
    return;
  }
  if (inTerminal) {
    why_ = "native recording needs the program started by the debugger itself (\"console\": \"internalConsole\")";
    return;
  }
  if (std::optional<std::string> reason = SessionNativeRecorder::unavailableReason()) {
    why_ = *reason;
    return;
  }
  try {
    recorder_ = std::make_unique<SessionNativeRecorder>();
  } catch (const std::exception& error) { why_ = error.what(); }
}

std::string RecordingEngine::announcement() const {
  if (native() && !recorder_->active()) return "";  // its end was said already
  if (native())
    return "Recording at native speed (recordEngine \"native\"): system calls, rdtsc and cpuid are logged and the "
           "program is checkpointed. Reverse-continue replays it (and continue goes forward again in the past); your own "
           "steps (next, step in/out, by instruction) are recorded exactly, so you can step back through them until the "
           "program runs on. The other reverse requests are not available on native recordings yet: use recordEngine "
           "\"step\" for them.\n" +
           (recorder_->recording().syscallBuffer.note.empty() ? "" : recorder_->recording().syscallBuffer.note + "\n");
  std::string line = "Recording with the single-step recorder: " + why_;
  if (requested_ == "native") line += " (native recording was asked for)";
  return line + ".\n";
}

void RecordingEngine::prepare(LaunchRequest& request) const {
  if (!native()) return;
  request.nativeRecording = true;
  request.pinnedCpu = recorder_->pinnedCpu();
  // The system-call buffer's library goes first in LD_PRELOAD (the launch's own value, else the helper's).
  std::optional<std::string> preloaded;
  if (auto named = request.env.find("LD_PRELOAD"); named != request.env.end()) preloaded = named->second;
  else if (const char* inherited = std::getenv("LD_PRELOAD")) preloaded = std::string(inherited);
  const std::string preload = recorder_->chooseSyscallBuffer(request.program, preloaded);
  if (!preload.empty()) request.env["LD_PRELOAD"] = preload;
}

void RecordingEngine::begin(Process& process, std::function<void(const std::string&)> console,
                            std::function<void()> changed) {
  if (!native()) return;
  SessionNativeRecorder& recorder = *recorder_;
  recorder.ended = [console, changed](const std::string& why) {
    console("Native recording ended: " + why + ". The program goes on live; the log up to here is kept.\n");
    changed();
  };
  recorder.cleanCopy = [&process](pid_t copy) { process.memory().clearBreakpointsIn(copy); };
  // Reads (disassembly, memory views, the steppers' decoding) show rdtsc or
  // rdtscp where the engine put ud2: the bytes that differ are the kernel's
  // kind of foreign byte to the address space.
  recorder.onSitePatched([&process](const TscSite& site) {
    static constexpr uint8_t kRdtsc[] = {0x0F, 0x31};
    static constexpr uint8_t kRdtscp[] = {0x0F, 0x01, 0xF9};
    const uint8_t* original = site.length == 3 ? kRdtscp : kRdtsc;
    for (uint8_t offset = 1; offset < site.length; ++offset)
      process.memory().addForeignSite(site.address + offset, original[offset]);
  });
  process.nativeStop = [&recorder](pid_t tid, int status) {
    switch (recorder.onStop(tid, status)) {
      case SessionNativeRecorder::Handling::NotMine:
        return Process::NativeStopAction::NotMine;
      case SessionNativeRecorder::Handling::ResumeAsBefore:
        return Process::NativeStopAction::ResumeAsBefore;
      case SessionNativeRecorder::Handling::ResumeToSyscallExit:
        return Process::NativeStopAction::ResumeToSyscallExit;
      case SessionNativeRecorder::Handling::Emulated:
        return Process::NativeStopAction::Emulated;
    }
    return Process::NativeStopAction::NotMine;
  };
  // Its children carry the filter too: they stay traced, passed along.
  process.keepForkedChild = [this](pid_t child) { children_.adopt(child); };
  process.otherProcessStatus = [this](pid_t pid, int status) { return children_.onStatus(pid, status); };
  // A value the user writes is not in the log: the recording could not be replayed past it.
  process.beforeUserWrite = [&recorder, &process](uint64_t, size_t) {
    if (process.pastShownIn())
      throw RequestError("WrongState",
                         "Cannot change the program's memory while it is shown in its recorded past (a replay). "
                         "Continue to come back to the present.");
    recorder.end("the program's memory was changed from the debugger");
  };
  try {
    recorder.start(process.processId());
  } catch (const std::exception& error) { recorder.end(std::string("it could not start: ") + error.what()); }
}

void RecordingEngine::catchUpAtPresent() const {
  if (!memoryRewound || !memoryRewound()) recorder_->catchUp();
}

size_t RecordingEngine::loggedEvents() const {
  if (!native()) return 0;
  catchUpAtPresent();
  return recorder_->recording().events.size();
}

nlohmann::json RecordingEngine::info() const {
  if (!native()) return {{"engine", "step"}, {"engineReason", why_}};
  catchUpAtPresent();
  const SessionNativeRecorder& recorder = *recorder_;
  const NativeRecording& log = recorder.recording();
  nlohmann::json out = {{"engine", "native"},
                        {"active", recorder.active()},
                        {"events", log.events.size()},
                        {"syscalls", recorder.count(NativeEvent::Kind::Syscall)},
                        {"rdtsc", recorder.count(NativeEvent::Kind::Rdtsc)},
                        {"cpuid", recorder.count(NativeEvent::Kind::Cpuid)},
                        {"mappedFiles", log.mappedFiles.size()},
                        {"checkpoints", log.checkpoints.size()},
                        {"checkpointsTaken", log.checkpointsTaken},
                        {"checkpointMilliseconds", log.checkpointMilliseconds},
                        {"bufferedSyscalls", log.syscallBuffer.bufferedCalls},
                        {"reachedExit", log.reachedExit}};
  if (!log.stopReason.empty()) out["stopReason"] = log.stopReason;
  return out;
}

void RecordingEngine::refuseReverse(const std::string& what, bool inPast) const {
  if (!native()) return;
  throw RequestError("WrongState",
                     "Cannot " + what +
                         ": this program is recorded by the native engine, which serves reverse-continue, "
                         "and steps back through the steps taken since the program last ran on, but "
                         "not this request here yet" +
                         (inPast ? " (continue brings the program back to the present)" : "") +
                         ". Launch with \"recordEngine\": \"step\" to step back.");
}

const NativeRecording* RecordingEngine::replayableRecording(const std::string& what) const {
  if (!native())
    throw RequestError("WrongState", "Cannot " + what + ": this program is not recorded by the native engine.");
  // The system-call buffer's calls up to the present go into the log first.
  catchUpAtPresent();
  if (!recorder_->active()) {
    const std::string why = recorder_->recording().stopReason;
    throw RequestError("WrongState", "Cannot " + what + ": the native recording ended before the present (" + why +
                                         "), so the program's way here cannot be replayed. Launch with "
                                         "\"recordEngine\": \"step\" to go back in time.");
  }
  return &recorder_->recording();
}

}  // namespace rwd
