// Reverse-execution commands: startRecording, stopRecording,
// recordingInfo, stepBack, reverseStepIn, reverseStepOut, reverseContinue,
// travelTo and goToLastWrite. Each travel answers at once and is followed by
// a `stopped` event that says where in the history the program is.
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/ControlJson.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {

pid_t threadOf(Debugger& debugger, const json& arguments, const char* what) {
  debugger.requireStopped(what);
  pid_t tid = args::int32Or(arguments, "tid", debugger.process().processId());
  debugger.requireThread(tid);  // in the past also a thread that has exited since
  return tid;
}

void addTravel(Dispatcher& dispatcher, Debugger& debugger, const char* command, TravelKind kind) {
  dispatcher.add(command, [&debugger, command, kind](const json& arguments) -> json {
    pid_t tid = threadOf(debugger, arguments, command);
    debugger.refuseReverseStep("step back");  // on a native recording: through the user's own steps
    TravelKind chosen = kind;
    if (std::string(command) == "stepBack" &&
        args::optionalString(arguments, "granularity").value_or("line") == "instruction") {
      chosen = TravelKind::Instruction;
    }
    debugger.beforeResume();
    auto result = debugger.controller().reverse().stepBack(tid, chosen);
    debugger.describeNativeStep(result);
    debugger.controller().reportTravel(tid, result);
    return json::object();
  });
}

}  // namespace

void registerReverseHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("startRecording", [&debugger](const json& arguments) -> json {
    debugger.requireStopped("start recording");
    debugger.refuseReverse("start the single-step recorder");
    debugger.controller().reverse().start(static_cast<uint64_t>(args::intOr(arguments, "limit", 0)));
    debugger.announceRecording();
    return recordingInfoJson(debugger.controller().reverse().info());
  });
  dispatcher.add("stopRecording", [&debugger](const json&) -> json {
    debugger.requireStopped("stop recording");
    debugger.beforeResume();
    debugger.controller().reverse().stop();
    debugger.announceRecording();
    return recordingInfoJson(debugger.controller().reverse().info());
  });
  dispatcher.add("recordingInfo", [&debugger](const json&) -> json { return debugger.recordingInfo(); });
  addTravel(dispatcher, debugger, "stepBack", TravelKind::Next);
  addTravel(dispatcher, debugger, "reverseStepIn", TravelKind::StepIn);
  addTravel(dispatcher, debugger, "reverseStepOut", TravelKind::StepOut);
  dispatcher.add("reverseContinue", [&debugger](const json&) -> json {
    debugger.requireStopped("run backwards");
    if (debugger.nativeRecording()) {
      // Replayed from a checkpoint of the native recording (see NativeTravels).
      auto result = debugger.nativeReverseContinue();
      debugger.controller().reportTravel(debugger.process().processId(), result);
      return json::object();
    }
    debugger.beforeResume();
    auto result = debugger.controller().continueInHistory(true);
    debugger.controller().reportTravel(result.tid ? result.tid : debugger.process().processId(), result);
    return json::object();
  });
  dispatcher.add("travelTo", [&debugger](const json& arguments) -> json {
    debugger.requireStopped("travel in the history");
    debugger.refuseReverse("travel in the history");
    const int64_t index = args::requireInt(arguments, "index");
    if (index < 0) throw RequestError(ErrorCode::BadRequest, "index must not be negative.");
    debugger.beforeResume();
    auto result = debugger.controller().reverse().travelTo(static_cast<uint64_t>(index));
    debugger.controller().reportTravel(debugger.process().processId(), result);
    return json::object();
  });
  dispatcher.add("goToLastWrite", [&debugger](const json& arguments) -> json {
    debugger.requireStopped("find the last write");
    debugger.refuseReverse("find the last write");
    const WatchedBytes watched = watchedBytesOf(arguments, "goToLastWrite");
    debugger.beforeResume();
    auto result = debugger.controller().reverse().goToLastWrite(watched.address, watched.bytes);
    debugger.controller().reportTravel(debugger.process().processId(), result);
    return json::object();
  });
}

}  // namespace rwd
