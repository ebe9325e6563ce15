// Inspection commands: threads, stackTrace, scopes, variables, evaluate.
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/FunctionCallPolicy.h"
#include "server/handlers/Handlers.h"
#include "server/handlers/VariableJson.h"
#include "symbols/InlineFrames.h"

namespace rwd {

using nlohmann::json;

namespace {

json describeFrame(Debugger& debugger, const Frame& frame) {
  json out = {{"index", frame.userIndex}, {"pc", args::address(frame.pc)}};
  auto function = debugger.symbols().functionAt(frame.lookupPc);
  auto [name, location] = InlineFrames::describe(debugger.symbols(), frame, function ? function->first : "??");
  out["function"] = name;
  if (auto module = debugger.symbols().moduleAt(frame.lookupPc)) {
    out["module"] = module->first.name;
    out["moduleOffset"] = args::address(frame.pc - module->first.base);
  }
  if (location) {
    out["file"] = location->file;
    out["line"] = location->line;
    out["column"] = location->column;
  }
  return out;
}

pid_t threadArgument(Debugger& debugger, const json& arguments) {
  return args::int32Or(arguments, "tid", debugger.mainThread());
}

}  // namespace

void registerInspectionHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("threads", [&debugger](const json&) -> json {
    json threads = json::array();
    for (const auto& [tid, name] : debugger.threadList()) threads.push_back({{"id", tid}, {"name", name}});
    return {{"threads", threads}};
  });
  dispatcher.add("stackTrace", [&debugger](const json& arguments) -> json {
    debugger.requireInspectable("show the call stack");
    pid_t tid = threadArgument(debugger, arguments);
    debugger.requireThread(tid);
    int start = args::int32Or(arguments, "startFrame", 0);
    int levels = args::int32Or(arguments, "levels", 0);
    if (start < 0 || levels < 0) throw RequestError("BadRequest", "startFrame and levels must not be negative.");
    const int wanted = levels == 0 ? 10000 : levels;
    bool reachedEnd = false;
    auto frames = InlineFrames::frames(debugger.unwinder(), debugger.symbols().dwfl(), tid, start, wanted, &reachedEnd);
    json out = json::array();
    for (const auto& frame : frames) out.push_back(describeFrame(debugger, frame));
    json body = {{"frames", out}};
    if (reachedEnd) body["totalFrames"] = start + static_cast<int>(frames.size());
    return body;
  });
  dispatcher.add("scopes", [&debugger](const json& arguments) -> json {
    Frame frame = debugger.frame(threadArgument(debugger, arguments), args::int32Or(arguments, "frame", 0));
    json scopes = json::array();
    for (const auto& scope : debugger.variables().scopes(frame)) {
      scopes.push_back(
          {{"name", scope.name}, {"ref", scope.reference}, {"expensive", scope.expensive}, {"count", scope.count}});
    }
    return {{"scopes", scopes}};
  });
  dispatcher.add("variables", [&debugger](const json& arguments) -> json {
    debugger.requireInspectable("read variables");
    int64_t reference = args::requireInt(arguments, "ref");
    json out = json::array();
    for (const auto& view : debugger.variables().children(reference, childQueryOf(arguments))) {
      out.push_back(describeVariableView(view));
    }
    return {{"variables", out}};
  });
  dispatcher.add("evaluate", [&debugger](const json& arguments) -> json {
    std::string expression = args::requireString(arguments, "expression");
    const pid_t tid = threadArgument(debugger, arguments);
    const int frameIndex = args::int32Or(arguments, "frame", 0);
    const FormatOptions format = formatOptionsOf(arguments);
    // The same question at the same stop: the answer kept (EvaluationCache).
    if (const json* kept = debugger.evaluations().find(tid, frameIndex, format.hex, expression)) return *kept;
    Frame frame = debugger.frame(tid, frameIndex);
    CallPolicy calls = functionCallPolicy(debugger, tid, args::optionalString(arguments, "context").value_or(""));
    if (calls.run) {
      // A call may write the program's memory, returned or abandoned: the
      // client is told, so the values it shows are read again.
      calls.run = [run = std::move(calls.run), &debugger, tid](const MachineCall& call) {
        struct Announce {
          Debugger& debugger;
          pid_t tid;
          ~Announce() { debugger.announceCallRan(tid); }
        } announce{debugger, tid};
        return run(call);
      };
    }
    bool changesNothing = false;
    try {
      json answer =
          describeVariableView(debugger.variables().evaluate(frame, expression, format, &calls, &changesNothing));
      if (changesNothing) debugger.evaluations().store(tid, frameIndex, format.hex, expression, answer);
      else debugger.evaluations().invalidate();  // it assigned or called: anything may have changed
      return answer;
    } catch (...) {
      if (!changesNothing) debugger.evaluations().invalidate();
      throw;
    }
  });
}

}  // namespace rwd
