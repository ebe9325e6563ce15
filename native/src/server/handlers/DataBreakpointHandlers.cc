// Data breakpoint commands: dataBreakpointInfo, setDataBreakpoints.
#include <cstdio>

#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/ControlJson.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {

// A local lives in the frame whose stack area holds it; watching it ends
// when that frame returns.
void findScope(Debugger& debugger, pid_t tid, WatchTarget& target) {
  user_regs_struct regs;
  if (!debugger.process().readRegisters(tid, regs)) return;
  if (target.address + 128 < regs.rsp) return;  // below the red zone: not the stack
  auto frames = debugger.unwinder().frames(tid, 0, 256);
  for (size_t i = 0; i + 1 < frames.size(); ++i) {
    if (frames[i].cfa && target.address < frames[i].cfa) {
      target.scopeCfa = frames[i].cfa;
      target.scopeReturn = frames[i + 1].pc;
      return;
    }
  }
}

WatchTarget describeTarget(Debugger& debugger, const json& arguments, pid_t tid) {
  WatchTarget target;
  if (arguments.contains("address")) {
    target.address = args::requireAddress(arguments, "address");
    target.size = static_cast<uint64_t>(args::intOr(arguments, "bytes", 1));
    char name[48];
    std::snprintf(name, sizeof name, "0x%llx", static_cast<unsigned long long>(target.address));
    target.name = name;
    findScope(debugger, tid, target);
    return target;
  }
  VariableView view;
  std::string name = args::optionalString(arguments, "name").value_or("");
  if (arguments.contains("ref") && args::intOr(arguments, "ref", 0) != 0) {
    bool found = false;
    for (auto& child : debugger.variables().children(args::requireInt(arguments, "ref"), 0, 0)) {
      if (child.name == name) {
        view = child;
        found = true;
        break;
      }
    }
    if (!found) throw RequestError(ErrorCode::BadRequest, "No variable '" + name + "' in that scope or value.");
  } else {
    std::string expression = args::optionalString(arguments, "expression").value_or(name);
    if (expression.empty())
      throw RequestError("BadRequest",
                         "dataBreakpointInfo needs a variable (ref and name), an expression, or an address.");
    view = debugger.variables().evaluate(debugger.frame(tid, args::int32Or(arguments, "frame", 0)), expression);
    name = expression;
  }
  if (!view.memoryAddress || view.byteSize == 0) {
    throw RequestError(ErrorCode::BadRequest,
                       "'" + name + "' is not in memory (a register or a computed value) and cannot be watched.");
  }
  target.name = name;
  target.type = view.type;
  target.address = *view.memoryAddress;
  target.size = view.byteSize;
  findScope(debugger, tid, target);
  return target;
}

// The session's data breakpoints, with the launch option applied before
// the first one decides the mode.
DataBreakpointTable& dataBreakpoints(Debugger& debugger) {
  DataBreakpointTable& table = debugger.controller().dataBreakpoints();
  if (debugger.softwareWatchpoints()) table.requestSoftware();
  return table;
}

}  // namespace

void registerDataBreakpointHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("dataBreakpointInfo", [&debugger](const json& arguments) -> json {
    debugger.requireStopped("watch a value");
    pid_t tid = args::int32Or(arguments, "tid", debugger.process().processId());
    WatchTarget target = describeTarget(debugger, arguments, tid);
    std::string description =
        target.name + " (" + std::to_string(target.size) + " byte" + (target.size == 1 ? "" : "s") + ")";
    DataBreakpointTable& table = dataBreakpoints(debugger);
    const std::string mode(wireName(table.mode()));
    if (target.size > table.maxWatchBytes()) {
      const std::string limit = std::to_string(table.maxWatchBytes()) + " bytes at most";
      return {{"dataId", nullptr},
              {"description",
               description + (table.mode() == WatchMode::Hardware
                                  ? " is larger than the 4 debug registers can watch (" + limit + ")."
                                  : " is larger than software watchpoints compare after every step (" + limit + ").")},
              {"mode", mode}};
    }
    // x86-64 cannot watch reads alone (a debug register's read watch also
    // traps on writes, and software watches decode accesses, not their
    // direction): `read` is not offered as if it were exact.
    return {{"dataId", dataIdOf(target)},
            {"description", description},
            {"accessTypes", {"write", "readWrite"}},
            {"mode", mode}};
  });
  dispatcher.add("setDataBreakpoints", [&debugger](const json& arguments) -> json {
    debugger.requireStopped("set data breakpoints");
    std::vector<DataBreakpointRequest> requests;
    if (arguments.contains("breakpoints") && !arguments["breakpoints"].is_array()) {
      throw RequestError(ErrorCode::BadRequest, "argument 'breakpoints' must be an array.");
    }
    for (const auto& item : arguments.value("breakpoints", json::array())) {
      requests.push_back({watchTargetOf(args::requireString(item, "dataId")),
                          args::optionalString(item, "accessType").value_or("write"),
                          args::optionalString(item, "hitCondition").value_or(""),
                          args::optionalString(item, "condition").value_or("")});
    }
    DataBreakpointTable& table = dataBreakpoints(debugger);
    json answers = json::array();
    for (const auto& answer : table.setAll(requests)) answers.push_back(dataBreakpointAnswerJson(answer));
    json answer = {
        {"breakpoints", std::move(answers)}, {"mode", wireName(table.mode())}, {"modeReason", table.modeReason()}};
    if (auto notice = table.takeConsoleNotice()) debugger.console(*notice + "\n");
    return answer;
  });
}

}  // namespace rwd
