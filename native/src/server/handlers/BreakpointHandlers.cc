// Breakpoint commands: setBreakpoints.
#include "protocol/JsonArgs.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

void registerBreakpointHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("setBreakpoints", [&debugger](const json& arguments) -> json {
    std::string source = args::requireString(arguments, "source");
    auto lines = args::intList(arguments, "lines");
    debugger.requireProcess("set breakpoints");
    json placed = json::array();
    for (const auto& breakpoint : debugger.breakpoints().setForSource(source, lines)) {
      placed.push_back(BreakpointTable::toJson(breakpoint));
    }
    return {{"breakpoints", placed}};
  });
}

}  // namespace rwd
