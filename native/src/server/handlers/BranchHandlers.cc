// Branch-history commands: thin wrappers that check arguments and call the
// BranchHistoryService; see native/src/branch/BranchHistoryService.h.
#include "server/handlers/BranchHandlers.h"

#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"

namespace rwd {

using nlohmann::json;

void registerBranchHandlers(Dispatcher& dispatcher, BranchHistoryService& service,
                            std::function<json(uint64_t index)> travelTo) {
  dispatcher.add("branchHistory", [&service](const json& arguments) { return service.branchHistory(arguments); });
  dispatcher.add("callHistory", [&service](const json& arguments) { return service.callHistory(arguments); });
  dispatcher.add("historyMarkers", [&service](const json& arguments) { return service.historyMarkers(arguments); });
  dispatcher.add("branchStatistics", [&service](const json& arguments) { return service.branchStatistics(arguments); });
  dispatcher.add("lineExecutionCounts",
                 [&service](const json& arguments) { return service.lineExecutionCounts(arguments); });
  if (!travelTo) return;
  dispatcher.add("travelTo", [&service, travelTo](const json& arguments) -> json {
    const int64_t index = args::requireInt(arguments, "index");
    BranchTraceProvider& source = service.provider();
    if (index < 0 || static_cast<uint64_t>(index) < source.firstIndex() ||
        static_cast<uint64_t>(index) > source.endIndex()) {
      throw RequestError("BadRequest", "index " + std::to_string(index) + " is outside the recorded history (" +
                                           std::to_string(source.firstIndex()) + " to " +
                                           std::to_string(source.endIndex()) + ").");
    }
    return travelTo(static_cast<uint64_t>(index));
  });
}

}  // namespace rwd
