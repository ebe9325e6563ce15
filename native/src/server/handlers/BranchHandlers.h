// BranchHandlers: the branch-history commands (branchHistory, callHistory,
// historyMarkers, branchStatistics, lineExecutionCounts) answered by a
// BranchHistoryService, and travelTo, whose checked index is handed to the
// time traveler through `travelTo` (not registered when it is empty).
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <functional>

#include "branch/BranchHistoryService.h"
#include "server/Dispatcher.h"

namespace rwd {

void registerBranchHandlers(Dispatcher& dispatcher, BranchHistoryService& service,
                            std::function<nlohmann::json(uint64_t index)> travelTo);

}  // namespace rwd
