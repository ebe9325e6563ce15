// Execution commands: continue, pause, next, stepIn, stepOut (granularity
// line or instruction; forward inside the recorded history when in the past).
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {

pid_t stoppedThread(Debugger& debugger, const json& arguments, const char* what) {
  debugger.requireStopped(what);
  pid_t tid = args::int32Or(arguments, "tid", debugger.process().processId());
  debugger.requireThread(tid);  // in the past also a thread that has exited since
  return tid;
}

TravelKind travelKindOf(StepMode mode, const json& arguments) {
  if (args::optionalString(arguments, "granularity").value_or("line") == "instruction") return TravelKind::Instruction;
  return mode == StepMode::Over ? TravelKind::Next : mode == StepMode::Into ? TravelKind::StepIn : TravelKind::StepOut;
}

void addStep(Dispatcher& dispatcher, Debugger& debugger, const char* command, StepMode mode) {
  dispatcher.add(command, [&debugger, mode, command](const json& arguments) -> json {
    pid_t tid = stoppedThread(debugger, arguments, command);
    if (debugger.inNativePast()) debugger.refuseReverse(std::string(command) + " in the recorded past");
    debugger.beforeUserStep();  // a native recording records the user's steps exactly
    debugger.beforeResume();
    if (debugger.controller().reverse().inPast()) {
      // Forward inside the recorded history: replayed, not run.
      auto result = debugger.controller().reverse().stepForward(tid, travelKindOf(mode, arguments));
      debugger.controller().reportTravel(tid, result);
      return json::object();
    }
    const bool singleThread = args::boolOr(arguments, "singleThread", false);
    if (travelKindOf(mode, arguments) == TravelKind::Instruction)
      debugger.controller().stepInstruction(tid, mode, singleThread);
    else debugger.controller().step(tid, mode, singleThread);
    return json::object();
  });
}

}  // namespace

void registerExecutionHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("continue", [&debugger](const json& arguments) -> json {
    debugger.requireStopped("continue");
    const bool singleThread = args::boolOr(arguments, "singleThread", false);
    pid_t tid = singleThread ? stoppedThread(debugger, arguments, "continue") : 0;
    if (debugger.inNativePast()) {
      auto result = debugger.nativeContinueForward();
      if (!result.atLiveEnd) {
        debugger.controller().reportTravel(result.tid, result);
        return {{"allThreadsContinued", true}};
      }
      // Back at the present, which was no breakpoint stop: on live from there.
    }
    debugger.beforeResume();
    if (debugger.controller().reverse().inPast()) {
      auto result = debugger.controller().continueInHistory(false);
      if (!result.atLiveEnd) {
        debugger.controller().reportTravel(result.tid ? result.tid : debugger.process().processId(), result);
        return {{"allThreadsContinued", true}};
      }
      // The end of the history: on live (and recording) from here.
    }
    debugger.beforeLiveRun();  // a native recording runs on at native speed: the exact steps end
    // A thread seen in the past that has exited since cannot go on alone:
    // the program goes on.
    const bool alone = singleThread && debugger.process().task(tid);
    if (alone) debugger.controller().continueThread(tid);
    else debugger.controller().continueAll();
    return {{"allThreadsContinued", !alone}};
  });
  dispatcher.add("pause", [&debugger](const json&) -> json {
    debugger.requireProcess("pause");
    if (!debugger.controller().pause()) return {{"alreadyStopped", true}};
    return json::object();
  });
  addStep(dispatcher, debugger, "next", StepMode::Over);
  addStep(dispatcher, debugger, "stepIn", StepMode::Into);
  addStep(dispatcher, debugger, "stepOut", StepMode::Out);
}

}  // namespace rwd
