// BranchHistoryJson: the branch-history requests at the protocol's edge —
// reads and checks a request's arguments (page window, kinds, query, file),
// asks the BranchHistoryService, and writes its page as the JSON that
// native/PROTOCOL.md documents. Used by BranchHandlers.
#pragma once

#include <nlohmann/json.hpp>

#include "branch/BranchHistoryService.h"

namespace rwd {

nlohmann::json branchHistoryJson(BranchHistoryService& service, const nlohmann::json& arguments);
nlohmann::json callHistoryJson(BranchHistoryService& service, const nlohmann::json& arguments);
nlohmann::json instructionHistoryJson(BranchHistoryService& service, const nlohmann::json& arguments);
nlohmann::json historyMarkersJson(BranchHistoryService& service, const nlohmann::json& arguments);
nlohmann::json branchStatisticsJson(BranchHistoryService& service, const nlohmann::json& arguments);
nlohmann::json lineExecutionCountsJson(BranchHistoryService& service, const nlohmann::json& arguments);

}  // namespace rwd
