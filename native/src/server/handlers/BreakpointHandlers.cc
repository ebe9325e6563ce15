// Breakpoint commands: setBreakpoints (by source line or statement, with
// conditions, hit conditions and log messages) and setFunctionBreakpoints,
// in software or hardware mode; breakpointLocations (the statements of a
// range of lines).
#include <algorithm>
#include <climits>

#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/ControlJson.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {

BreakpointSpec parseSpec(const json& item) {
  if (!item.is_object())
    throw RequestError(ErrorCode::BadRequest, "each breakpoint must be an object like {\"line\":10}.");
  BreakpointSpec spec;
  if (item.contains("line")) spec.line = args::requireInt32(item, "line");
  spec.column = args::int32Or(item, "column", 0);
  if (spec.column < 0)
    throw RequestError("BadRequest", "a breakpoint's column starts at 1 (0 or none for the whole line).");
  spec.functionName = args::optionalString(item, "name").value_or("");
  spec.condition = args::optionalString(item, "condition").value_or("");
  spec.hitCondition = args::optionalString(item, "hitCondition").value_or("");
  spec.logMessage = args::optionalString(item, "logMessage").value_or("");
  spec.hardware = isHardwareMode(item);
  return spec;
}

bool anyHardware(const std::vector<BreakpointSpec>& specs) {
  return std::any_of(specs.begin(), specs.end(), [](const BreakpointSpec& spec) { return spec.hardware; });
}

json answer(const std::vector<UserBreakpoint>& placed) {
  json out = json::array();
  for (const auto& breakpoint : placed) out.push_back(breakpointJson(breakpoint));
  return {{"breakpoints", out}};
}

}  // namespace

bool isHardwareMode(const json& breakpoint) {
  const std::string mode = args::optionalString(breakpoint, "mode").value_or("software");
  if (mode != "software" && mode != "hardware") {
    throw RequestError(ErrorCode::BadRequest, "a breakpoint's mode is 'software' or 'hardware', not '" + mode + "'.");
  }
  return mode == "hardware";
}

void registerBreakpointHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("setBreakpoints", [&debugger](const json& arguments) -> json {
    std::string source = args::requireString(arguments, "source");
    std::vector<BreakpointSpec> specs;
    if (arguments.contains("breakpoints")) {
      if (!arguments["breakpoints"].is_array())
        throw RequestError(ErrorCode::BadRequest, "argument 'breakpoints' must be an array.");
      for (const auto& item : arguments["breakpoints"]) specs.push_back(parseSpec(item));
    } else {
      for (int line : args::int32List(arguments, "lines")) specs.push_back(BreakpointSpec{line});
    }
    debugger.requireProcess("set breakpoints");
    if (anyHardware(specs)) debugger.requireStopped("set hardware breakpoints");
    return answer(debugger.breakpoints().setForSource(source, specs));
  });
  dispatcher.add("breakpointLocations", [&debugger](const json& arguments) -> json {
    const std::string source = args::requireString(arguments, "source");
    const int64_t line = args::requireInt(arguments, "line");
    const int64_t endLine = args::intOr(arguments, "endLine", line);
    if (line < 1 || endLine < line) {
      throw RequestError(ErrorCode::BadRequest, "breakpointLocations needs 1 <= line <= endLine (got " +
                                                    std::to_string(line) + " to " + std::to_string(endLine) + ").");
    }
    debugger.requireProcess("ask where breakpoints can be set");
    json locations = json::array();
    int lastLine = 0, lastColumn = -1;
    for (const auto& position : debugger.symbols().statementPositions(
             source, static_cast<int>(line), static_cast<int>(std::min<int64_t>(endLine, INT32_MAX)))) {
      if (position.line == lastLine && position.column == lastColumn) continue;  // the same statement in another copy
      lastLine = position.line;
      lastColumn = position.column;
      json location = {{"line", position.line}};
      if (position.column > 0) location["column"] = position.column;
      locations.push_back(std::move(location));
    }
    return {{"locations", locations}};
  });
  dispatcher.add("setFunctionBreakpoints", [&debugger](const json& arguments) -> json {
    std::vector<BreakpointSpec> specs;
    if (arguments.contains("breakpoints") && !arguments["breakpoints"].is_array()) {
      throw RequestError(ErrorCode::BadRequest, "argument 'breakpoints' must be an array.");
    }
    for (const auto& item : arguments.value("breakpoints", json::array())) {
      BreakpointSpec spec = parseSpec(item);
      if (spec.functionName.empty()) throw RequestError(ErrorCode::BadRequest, "a function breakpoint needs a 'name'.");
      specs.push_back(spec);
    }
    debugger.requireProcess("set function breakpoints");
    if (anyHardware(specs)) debugger.requireStopped("set hardware breakpoints");
    return answer(debugger.breakpoints().setFunctions(specs));
  });
}

}  // namespace rwd
