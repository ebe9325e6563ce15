// Instruction breakpoint command: setInstructionBreakpoints — breakpoints at
// machine addresses (set from a disassembly view), with conditions and hit
// conditions, in software mode (a breakpoint byte) or hardware mode (a
// debug register), replacing the previous set.
#include <algorithm>

#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/ControlJson.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

void registerInstructionBreakpointHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("setInstructionBreakpoints", [&debugger](const json& arguments) -> json {
    if (arguments.contains("breakpoints") && !arguments["breakpoints"].is_array()) {
      throw RequestError(ErrorCode::BadRequest, "argument 'breakpoints' must be an array.");
    }
    std::vector<InstructionBreakpointSpec> specs;
    for (const auto& item : arguments.value("breakpoints", json::array())) {
      if (!item.is_object())
        throw RequestError(ErrorCode::BadRequest,
                           "each instruction breakpoint must be an object like {\"address\":\"0x401136\"}.");
      InstructionBreakpointSpec spec;
      spec.address = args::requireAddress(item, "address");
      spec.condition = args::optionalString(item, "condition").value_or("");
      spec.hitCondition = args::optionalString(item, "hitCondition").value_or("");
      spec.hardware = isHardwareMode(item);
      specs.push_back(spec);
    }
    debugger.requireProcess("set instruction breakpoints");
    const bool anyHardware =
        std::any_of(specs.begin(), specs.end(), [](const InstructionBreakpointSpec& spec) { return spec.hardware; });
    if (anyHardware) debugger.requireStopped("set hardware breakpoints");
    json placed = json::array();
    for (const auto& breakpoint : debugger.controller().instructionBreakpoints().set(specs)) {
      placed.push_back(instructionBreakpointJson(breakpoint));
    }
    return {{"breakpoints", placed}};
  });
}

}  // namespace rwd
