// BranchHistoryService: what the helper's branch-history requests do —
// keeps the branch provider of the current recording (created when a
// history appears, replaced when another one does, or a hardware provider
// when one is installed), brings it up to date, and answers pages as JSON:
// branchHistory (taken branches), callHistory (function segments),
// historyMarkers (the timeline's events), branchStatistics and
// lineExecutionCounts (editor decorations). Every page is O(page) after the
// provider's index has caught up with the history.
#pragma once

#include <nlohmann/json.hpp>

#include <functional>
#include <memory>
#include <vector>

#include "branch/BranchTraceProvider.h"
#include "branch/BreakpointHitScanner.h"
#include "branch/CodeReader.h"
#include "branch/HistorySearch.h"
#include "branch/HistoryView.h"
#include "branch/SourceLocator.h"

namespace rwd {

struct BranchHistorySources {
  // The recorded history, or nullptr when nothing is recorded.
  std::function<const HistoryView*()> history;
  // Code bytes and source places of the debuggee (nullptr: no process).
  std::function<CodeReader*()> code;
  std::function<SourceLocator*()> locator;
  // Addresses of the breakpoints now set, for the timeline (may be empty).
  std::function<std::vector<uint64_t>()> breakpointAddresses;
};

class BranchHistoryService {
 public:
  static constexpr int64_t kMaxPage = 5000;
  static constexpr int64_t kMaxBuckets = 10000;

  explicit BranchHistoryService(BranchHistorySources sources) : sources_(std::move(sources)) {}

  // Serves branches from a hardware trace instead of the recorded history
  // (null goes back to the recorded history).
  void useHardwareProvider(std::unique_ptr<BranchTraceProvider> provider) { hardware_ = std::move(provider); }
  // The provider brought up to date; throws RequestError(WrongState) when
  // there is no history to show.
  BranchTraceProvider& provider();

  nlohmann::json branchHistory(const nlohmann::json& args);
  nlohmann::json callHistory(const nlohmann::json& args);
  nlohmann::json historyMarkers(const nlohmann::json& args);
  nlohmann::json branchStatistics(const nlohmann::json& args);
  nlohmann::json lineExecutionCounts(const nlohmann::json& args);

 private:
  const CodeSiteTable& codeSites();

  BranchHistorySources sources_;
  std::unique_ptr<BranchTraceProvider> hardware_;
  std::unique_ptr<BranchTraceProvider> recorded_;
  const HistoryView* recordedHistory_ = nullptr;
  CodeReader* recordedCode_ = nullptr;
  SourceLocator* recordedLocator_ = nullptr;
  HistorySearch search_;
  BreakpointHitScanner breakpointHits_;
};

}  // namespace rwd
