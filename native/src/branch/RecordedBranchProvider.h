// RecordedBranchProvider: branch history derived from the recorder's
// instruction history. Entry i+1 of a thread that does not start where
// entry i's instruction ends is a taken branch, classified by decoding that
// instruction (call, return, jump, taken conditional; anything else that
// moved control is a signal); every system call instruction is reported,
// and so is every signal delivery the recorder logged and every switch
// from one thread to another. Adjustments (debugger writes) and entries
// whose address is unknown are not instructions: they break the chain of
// their thread instead. The index, the call segments, the timeline markers
// and the per-address counts are extended incrementally by update(); pages
// are O(page).
#pragma once

#include <cstdint>
#include <deque>
#include <optional>
#include <string>
#include <vector>

#include "branch/BranchTraceProvider.h"
#include "branch/CodeReader.h"
#include "branch/HistoryView.h"
#include "branch/SourceLocator.h"

namespace rwd {

class RecordedBranchProvider : public BranchTraceProvider {
 public:
  RecordedBranchProvider(const HistoryView& history, CodeReader& code, SourceLocator& locator);

  std::string description() const override { return "recorded history"; }
  void update() override;
  uint64_t firstIndex() const override { return history_.firstIndex(); }
  uint64_t endIndex() const override { return scanned_; }
  uint64_t branchCount() const override { return branches_.size() - base_; }
  TakenBranch branchAt(uint64_t ordinal) const override;
  uint64_t branchOrdinalAt(uint64_t index) const override;
  const CallSegmentBuilder& segments() const override { return segments_; }
  PlaceTable& places() override { return places_; }
  const MarkerIndex& markers() const override { return markers_; }
  const CodeSiteTable* codeSites() const override { return &sites_; }

 private:
  // A branch keeps only indices: from, to and tid are read back from the
  // history. `seenAt` is the entry where the branch became visible (the
  // thread's next instruction); branches are stored in that order.
  struct StoredBranch {
    uint64_t index = 0;
    uint64_t seenAt = 0;
    BranchKind kind = BranchKind::Unknown;
  };
  struct ThreadCursor {
    int32_t tid = 0;
    uint64_t lastIndex = 0;
    uint64_t lastPc = 0;
    CodeSite* lastSite = nullptr;              // null until the thread's first instruction, and after a break
    bool lastWasSignal = false;                // the thread's last entry was a signal delivery
    std::optional<BranchKind> pendingArrival;  // a branch into an adjustment, for the next segment
  };
  ThreadCursor* cursorOf(int32_t tid);
  void restart();
  void record(uint64_t index, uint64_t seenAt, BranchKind kind);

  const HistoryView& history_;
  PlaceTable places_;
  CodeSiteTable sites_;
  CallSegmentBuilder segments_;
  MarkerIndex markers_;
  std::vector<StoredBranch> branches_;
  size_t base_ = 0;                     // branches before it fell out of a limited history
  std::deque<ThreadCursor> threads_;    // a deque: cursors never move
  ThreadCursor* lastThread_ = nullptr;  // the thread of the last entry scanned
  uint64_t scanned_ = 0;                // entries [.., scanned_) are in the index
};

}  // namespace rwd
