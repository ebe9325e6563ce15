// Breakpoint commands: setBreakpoints (by source line, with conditions,
// hit conditions and log messages) and setFunctionBreakpoints, in software
// or hardware mode.
#include <algorithm>

#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {

BreakpointSpec parseSpec(const json& item) {
  if (!item.is_object()) throw RequestError("BadRequest", "each breakpoint must be an object like {\"line\":10}.");
  BreakpointSpec spec;
  if (item.contains("line")) spec.line = static_cast<int>(args::requireInt(item, "line"));
  spec.functionName = args::optionalString(item, "name").value_or("");
  spec.condition = args::optionalString(item, "condition").value_or("");
  spec.hitCondition = args::optionalString(item, "hitCondition").value_or("");
  spec.logMessage = args::optionalString(item, "logMessage").value_or("");
  const std::string mode = args::optionalString(item, "mode").value_or("software");
  if (mode != "software" && mode != "hardware") {
    throw RequestError("BadRequest", "a breakpoint's mode is 'software' or 'hardware', not '" + mode + "'.");
  }
  spec.hardware = mode == "hardware";
  return spec;
}

bool anyHardware(const std::vector<BreakpointSpec>& specs) {
  return std::any_of(specs.begin(), specs.end(), [](const BreakpointSpec& spec) { return spec.hardware; });
}

json answer(const std::vector<UserBreakpoint>& placed) {
  json out = json::array();
  for (const auto& breakpoint : placed) out.push_back(BreakpointTable::toJson(breakpoint));
  return {{"breakpoints", out}};
}

}  // namespace

void registerBreakpointHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("setBreakpoints", [&debugger](const json& arguments) -> json {
    std::string source = args::requireString(arguments, "source");
    std::vector<BreakpointSpec> specs;
    if (arguments.contains("breakpoints")) {
      if (!arguments["breakpoints"].is_array()) throw RequestError("BadRequest", "argument 'breakpoints' must be an array.");
      for (const auto& item : arguments["breakpoints"]) specs.push_back(parseSpec(item));
    } else {
      for (int64_t line : args::intList(arguments, "lines")) specs.push_back(BreakpointSpec{static_cast<int>(line)});
    }
    debugger.requireProcess("set breakpoints");
    if (anyHardware(specs)) debugger.requireStopped("set hardware breakpoints");
    return answer(debugger.breakpoints().setForSource(source, specs));
  });
  dispatcher.add("setFunctionBreakpoints", [&debugger](const json& arguments) -> json {
    std::vector<BreakpointSpec> specs;
    if (arguments.contains("breakpoints") && !arguments["breakpoints"].is_array()) {
      throw RequestError("BadRequest", "argument 'breakpoints' must be an array.");
    }
    for (const auto& item : arguments.value("breakpoints", json::array())) {
      BreakpointSpec spec = parseSpec(item);
      if (spec.functionName.empty()) throw RequestError("BadRequest", "a function breakpoint needs a 'name'.");
      specs.push_back(spec);
    }
    debugger.requireProcess("set function breakpoints");
    if (anyHardware(specs)) debugger.requireStopped("set hardware breakpoints");
    return answer(debugger.breakpoints().setFunctions(specs));
  });
}

}  // namespace rwd
