// BranchHistoryService: what the helper's branch-history requests do —
// keeps the branch provider of the current recording (a
// RecordedHistoryView and RecordedBranchProvider over the recorder's
// History, rebuilt when another History appears; or a hardware provider
// when one is switched on), brings it up to date, and answers pages
// (BranchHistoryPages.h): branchHistory (taken branches), callHistory
// (function segments), instructionHistory (every entry), historyMarkers
// (the timeline's events), branchStatistics and lineExecutionCounts
// (editor decorations).
// Every page is O(page) once the provider's index has caught up with the
// history. Indices in requests and answers are history positions, the ones
// travelTo takes: 0 is the oldest entry kept.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "branch/BranchHistoryPages.h"
#include "branch/BranchTraceProvider.h"
#include "branch/BreakpointHitScanner.h"
#include "branch/CodeReader.h"
#include "branch/HistorySearch.h"
#include "branch/RecordedHistoryView.h"
#include "branch/SourceLocator.h"
#include "disasm/Disassembler.h"

namespace rwd {

// Where a thread exists in the recorded history (positions) and its name.
struct ThreadSpan {
  std::string name;
  uint64_t first = 0;
  uint64_t last = 0;
};

struct BranchHistorySources {
  // The recorded history, or nullptr when nothing is recorded.
  std::function<History*()> history;
  // Registers of the program's threads now (anchors for the history's addresses).
  ThreadRegisterSource threads;
  // Code bytes and source places of the debuggee (nullptr: no process).
  std::function<CodeReader*()> code;
  std::function<SourceLocator*()> locator;
  // Addresses of the breakpoints now set, for the timeline (may be empty).
  std::function<std::vector<uint64_t>()> breakpointAddresses;
  // A recorded thread's life and name, for the timeline's thread lanes
  // (nullopt when the recording does not know it).
  std::function<std::optional<ThreadSpan>(int32_t tid)> threadSpan;
};

class BranchHistoryService {
 public:
  static constexpr int64_t kMaxPage = 5000;
  static constexpr int64_t kMaxBuckets = 10000;

  explicit BranchHistoryService(BranchHistorySources sources) : sources_(std::move(sources)) {}

  // Serves branches from a hardware trace instead of the recorded history
  // (null goes back to the recorded history).
  void useHardwareProvider(std::unique_ptr<BranchTraceProvider> provider) { hardware_ = std::move(provider); }
  bool usesHardware() const { return hardware_ != nullptr; }
  // The provider brought up to date; throws DebugError(WrongState) when
  // there is no history to show.
  BranchTraceProvider& provider();

  // Taken branches of the kinds in `kindMask` (bit 1 << BranchKind) that
  // `query` finds (HistorySearch; every one when it is empty).
  BranchPage branchHistory(const PageWindow& window, const std::string& query, uint32_t kindMask);
  CallPage callHistory(const PageWindow& window, const std::string& query);
  InstructionPage instructionHistory(const PageWindow& window);
  // `kinds`: syscall, signal, threadSwitch, breakpoint; another name is a
  // DebugError(BadArgument). Thread lanes come with threadSwitch.
  MarkerPage historyMarkers(uint32_t buckets, const std::vector<std::string>& kinds);
  // Conditional jumps in `file` (every file when it is empty).
  std::vector<BranchSite> branchStatistics(const std::string& file);
  std::vector<LineCount> lineExecutionCounts(const std::string& file);

 private:
  HistoryFrame frame(const BranchTraceProvider& source) const;
  // One lane per thread of the recorded history: its life and where its
  // runs began (the switches to it), in `buckets` parts.
  std::vector<ThreadLane> threadLanes(const BranchTraceProvider& source, uint32_t buckets) const;

  BranchHistorySources sources_;
  std::unique_ptr<BranchTraceProvider> hardware_;
  std::unique_ptr<RecordedHistoryView> view_;
  std::unique_ptr<BranchTraceProvider> recorded_;
  History* recordedHistory_ = nullptr;
  CodeReader* recordedCode_ = nullptr;
  SourceLocator* recordedLocator_ = nullptr;
  HistorySearch search_;
  BreakpointHitScanner breakpointHits_;
  Disassembler disassembler_;
};

}  // namespace rwd
