// Session commands: initialize, launch, configurationDone, disconnect.
#include <unistd.h>

#include <climits>
#include <cstdlib>

#include "process/ProcessAttacher.h"
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {

LaunchRequest parseLaunch(const json& arguments) {
  LaunchRequest request;
  request.program = args::requireString(arguments, "program");
  request.args = args::stringList(arguments, "args");
  request.cwd = args::optionalString(arguments, "cwd").value_or("");
  if (arguments.contains("env") && !arguments["env"].is_null()) {
    if (!arguments["env"].is_object()) throw RequestError("BadRequest", "argument 'env' must be an object of strings.");
    for (const auto& [name, value] : arguments["env"].items()) {
      if (value.is_null()) request.env[name] = std::nullopt;
      else if (value.is_string()) request.env[name] = value.get<std::string>();
      else throw RequestError("BadRequest", "environment variable '" + name + "' must be a string or null.");
    }
  }
  if (request.program.empty()) throw RequestError("BadRequest", "argument 'program' must not be empty.");
  if (request.program[0] != '/') {
    std::string base = request.cwd;
    if (base.empty()) {
      char here[PATH_MAX];
      base = ::getcwd(here, sizeof here) ? here : ".";
    }
    request.program = base + "/" + request.program;
  }
  return request;
}

}  // namespace

void registerSessionHandlers(Dispatcher& dispatcher, Debugger& debugger, std::function<void()> requestExit) {
  dispatcher.add("initialize", [](const json&) -> json {
    return {{"version", "0.1.0"}, {"features", {"launch", "breakpoints", "step", "stack", "variables"}}};
  });
  dispatcher.add("launch", [&debugger](const json& arguments) -> json {
    LaunchRequest request = parseLaunch(arguments);
    const std::string record = args::optionalString(arguments, "record").value_or("off");
    if (record != "off" && record != "fromEntry" && record != "fromMain") {
      throw RequestError("BadRequest", "record must be \"off\", \"fromEntry\" or \"fromMain\", not \"" + record + "\".");
    }
    const int64_t limit = args::intOr(arguments, "recordLimit", 0);
    if (limit < 0) throw RequestError("BadRequest", "recordLimit must not be negative (0 keeps every instruction).");
    auto warnings = debugger.launch(request, args::boolOr(arguments, "stopOnEntry", false));
    debugger.setRecordMode(record, static_cast<uint64_t>(limit));
    return {{"pid", debugger.process().processId()}, {"program", request.program}, {"warnings", warnings}};
  });
  dispatcher.add("attach", [&debugger](const json& arguments) -> json {
    pid_t pid = static_cast<pid_t>(args::requireInt(arguments, "pid"));
    auto warnings = debugger.attach(pid, args::boolOr(arguments, "stopOnEntry", false));
    return {{"pid", pid}, {"program", ProcessAttacher::executableOf(pid)}, {"warnings", warnings}};
  });
  dispatcher.add("configurationDone", [&debugger](const json&) -> json {
    debugger.configurationDone();
    return json::object();
  });
  dispatcher.add("disconnect", [&debugger, requestExit](const json& arguments) -> json {
    debugger.end(args::boolOr(arguments, "terminate", debugger.launchedByUs()));
    requestExit();
    return json::object();
  });
}

}  // namespace rwd
