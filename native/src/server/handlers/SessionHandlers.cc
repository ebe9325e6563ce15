// Session commands: initialize, launch, attach, openCore, configurationDone,
// disconnect.
#include <unistd.h>

#include <climits>
#include <cstdlib>

#include "control/SignalText.h"
#include "process/ProcessAttacher.h"
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {

// execve takes C strings: a NUL byte would cut them short without a word.
void refuseNul(const std::string& text, const std::string& what) {
  if (text.find('\0') != std::string::npos)
    throw RequestError(ErrorCode::BadRequest,
                       what + " contains a NUL byte, which a program's path, arguments and environment cannot hold.");
}

LaunchRequest parseLaunch(const json& arguments) {
  LaunchRequest request;
  request.program = args::requireString(arguments, "program");
  request.args = args::stringList(arguments, "args");
  request.cwd = args::optionalString(arguments, "cwd").value_or("");
  if (arguments.contains("env") && !arguments["env"].is_null()) {
    if (!arguments["env"].is_object())
      throw RequestError(ErrorCode::BadRequest, "argument 'env' must be an object of strings.");
    for (const auto& [name, value] : arguments["env"].items()) {
      if (value.is_null()) request.env[name] = std::nullopt;
      else if (value.is_string()) request.env[name] = value.get<std::string>();
      else throw RequestError(ErrorCode::BadRequest, "environment variable '" + name + "' must be a string or null.");
      if (name.empty() || name.find('=') != std::string::npos) {
        throw RequestError(ErrorCode::BadRequest,
                           "'" + name + "' is not an environment variable name: a name is not empty and has no '='.");
      }
      refuseNul(name, "The name of environment variable '" + name + "'");
      if (value.is_string()) refuseNul(value.get<std::string>(), "The value of environment variable '" + name + "'");
    }
  }
  refuseNul(request.program, "argument 'program'");
  refuseNul(request.cwd, "argument 'cwd'");
  for (const auto& arg : request.args) refuseNul(arg, "an entry of argument 'args'");
  if (request.program.empty()) throw RequestError(ErrorCode::BadRequest, "argument 'program' must not be empty.");
  const int64_t launcher = args::intOr(arguments, "launcherPid", 0);
  if (launcher < 0) throw RequestError(ErrorCode::BadRequest, "argument 'launcherPid' must be a process id.");
  request.launcherPid = static_cast<pid_t>(launcher);
  request.disableAslr = args::boolOr(arguments, "disableASLR", true);
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

// followFork: "parent" (default) or "child".
bool followsChild(const json& arguments) {
  const std::string follow = args::optionalString(arguments, "followFork").value_or("parent");
  if (follow != "parent" && follow != "child") {
    throw RequestError(ErrorCode::BadRequest, "followFork must be \"parent\" or \"child\", not \"" + follow + "\".");
  }
  return follow == "child";
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
      throw RequestError(ErrorCode::BadRequest,
                         "record must be \"off\", \"fromEntry\" or \"fromMain\", not \"" + record + "\".");
    }
    const int64_t limit = args::intOr(arguments, "recordLimit", 0);
    if (limit < 0) throw RequestError("BadRequest", "recordLimit must not be negative (0 keeps every instruction).");
    const std::string engine = args::optionalString(arguments, "recordEngine").value_or("auto");
    if (engine != "auto" && engine != "native" && engine != "step") {
      throw RequestError("BadRequest",
                         "recordEngine must be \"auto\", \"native\" or \"step\", not \"" + engine + "\".");
    }
    const bool softwareWatchpoints = args::boolOr(arguments, "softwareWatchpoints", false);
    const bool followChild = followsChild(arguments);
    debugger.setRecordMode(record, static_cast<uint64_t>(limit), engine);
    auto warnings = debugger.launch(request, args::boolOr(arguments, "stopOnEntry", false));
    debugger.process().setFollowForkChild(followChild);
    debugger.setSoftwareWatchpoints(softwareWatchpoints);
    return {{"pid", debugger.process().processId()}, {"program", request.program}, {"warnings", warnings}};
  });
  dispatcher.add("attach", [&debugger](const json& arguments) -> json {
    pid_t pid = args::requireInt32(arguments, "pid");
    const bool softwareWatchpoints = args::boolOr(arguments, "softwareWatchpoints", false);
    const bool followChild = followsChild(arguments);
    auto warnings = debugger.attach(pid, args::boolOr(arguments, "stopOnEntry", false));
    debugger.process().setFollowForkChild(followChild);
    debugger.setSoftwareWatchpoints(softwareWatchpoints);
    return {{"pid", pid}, {"program", ProcessAttacher::executableOf(pid)}, {"warnings", warnings}};
  });
  dispatcher.add("openCore", [&debugger](const json& arguments) -> json {
    const std::string core = args::requireString(arguments, "core");
    const std::string program = args::requireString(arguments, "program");
    auto warnings = debugger.openCore(core, program);
    json body = {{"pid", debugger.core().processId()}, {"program", program}, {"warnings", warnings}};
    if (int signal = debugger.core().signal().signal) body["signal"] = signals::name(signal);
    return body;
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
