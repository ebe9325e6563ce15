// Exception commands: setExceptionBreakpoints (which signals, throws and
// panics stop the program) and exceptionInfo (what the last one was).
#include <cstdio>
#include <set>

#include "control/SignalText.h"
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "server/handlers/Handlers.h"

namespace rwd {

using nlohmann::json;

namespace {
const std::set<std::string> kKnownFilters{"fatal-signals", "other-signals", "cpp-throw", "rust-panic"};
}

void registerExceptionHandlers(Dispatcher& dispatcher, Debugger& debugger) {
  dispatcher.add("setExceptionBreakpoints", [&debugger](const json& arguments) -> json {
    std::set<std::string> filters;
    for (const auto& filter : args::stringList(arguments, "filters")) {
      if (!kKnownFilters.count(filter)) {
        throw RequestError(ErrorCode::BadRequest,
                           "Unknown exception filter '" + filter +
                               "'; the filters are fatal-signals, other-signals, cpp-throw and rust-panic.");
      }
      filters.insert(filter);
    }
    debugger.requireProcess("set exception breakpoints");
    debugger.controller().setExceptionFilters(filters);
    return json::object();
  });
  dispatcher.add("exceptionInfo", [&debugger](const json& arguments) -> json {
    debugger.requireInspectable("describe the exception");
    const auto& stop = debugger.lastStop();
    if (!stop || (stop->reason != StopReason::Signal && stop->reason != StopReason::Exception)) {
      throw RequestError(ErrorCode::WrongState, "The program did not stop for a signal or an exception.");
    }
    if (stop->reason == StopReason::Exception) {
      json body = {{"exceptionId", stop->exceptionFilter == "cpp-throw" ? "C++ exception" : "Rust panic"},
                   {"description", stop->description},
                   {"breakMode", "always"}};
      if (!stop->exceptionDetail.empty()) body["typeName"] = stop->exceptionDetail;
      return body;
    }
    std::string description = signals::describe(stop->signal);
    if (signals::hasFaultAddress(stop->signal)) {
      char address[32];
      std::snprintf(address, sizeof address, "0x%llx", static_cast<unsigned long long>(stop->faultAddress));
      description += std::string(" at ") + address;
    }
    std::string meaning = signals::describeCode(stop->signal, stop->signalCode);
    if (!meaning.empty()) description += ": " + meaning;
    json body = {{"exceptionId", signals::name(stop->signal)},
                 {"description", description},
                 {"breakMode", "always"},
                 {"signal", signals::name(stop->signal)},
                 {"code", stop->signalCode}};
    if (signals::hasFaultAddress(stop->signal)) body["faultAddress"] = args::address(stop->faultAddress);
    return body;
  });
}

}  // namespace rwd
