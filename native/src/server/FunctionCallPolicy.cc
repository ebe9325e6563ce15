// FunctionCallPolicy: when evaluate may call the program's functions.
#include "server/FunctionCallPolicy.h"

#include "process/FunctionCallRunner.h"
#include "protocol/RequestError.h"

namespace rwd {

namespace {

std::string describePlace(Debugger& debugger, uint64_t pc) {
  std::string out;
  if (auto function = debugger.symbols().functionAt(pc)) {
    out = function->first;
    if (pc != function->second) out += "+" + std::to_string(pc - function->second);
  }
  if (auto location = debugger.symbols().locationAt(pc); location && location->line > 0) {
    const size_t slash = location->file.find_last_of('/');
    out += (out.empty() ? "" : ", ") + location->file.substr(slash == std::string::npos ? 0 : slash + 1) + ":" +
           std::to_string(location->line);
  }
  return out;
}

}  // namespace

CallPolicy functionCallPolicy(Debugger& debugger, pid_t tid, const std::string& context) {
  CallPolicy policy;
  if (context == "hover") {
    policy.refusal =
        "Rewind does not call the program's functions for a hover (VS Code evaluates hovers on its own, and a "
        "hover must not change the program); evaluate it in the Debug Console or the Watch view";
  } else if (debugger.isCore()) {
    policy.refusal = "a core file cannot run, so none of its functions can be called";
  } else if (!debugger.hasProcess()) {
    policy.refusal = "the program is not running";
  } else if (debugger.controller().reverse().inPast()) {
    policy.refusal =
        "the program is in its recorded past, where a call would run code that did not happen; go to the end of "
        "the recording (continue to the live end) to call functions";
  } else if (debugger.controller().reverse().recording() || debugger.nativeRecording()) {
    policy.refusal =
        "a recording is active, and a call would change the program outside the recording; stop the recording "
        "first to call functions";
  } else if (!debugger.process().task(tid)) {
    policy.refusal = "thread " + std::to_string(tid) + " is not a thread of the program";
  }
  if (!policy.refusal.empty()) return policy;
  policy.run = [&debugger, tid](const MachineCall& call) {
    Task* task = debugger.process().task(tid);
    if (!task) throw RequestError(ErrorCode::BadExpression, "cannot call '" + call.name + "': the thread is gone");
    FunctionCallRunner runner(debugger.process(), [&debugger](uint64_t pc) { return describePlace(debugger, pc); });
    try {
      return runner.run(*task, call);
    } catch (const FunctionCallRunner::CallAbandoned& abandoned) {
      throw RequestError(ErrorCode::BadExpression,
                         "The call '" + call.name + "' did not return: " + abandoned.what() + ".");
    }
  };
  return policy;
}

}  // namespace rwd
