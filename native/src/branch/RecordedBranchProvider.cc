// RecordedBranchProvider: one pass over new history entries per update();
// each entry costs one CodeSiteTable lookup and two virtual reads.
#include "branch/RecordedBranchProvider.h"

#include <algorithm>

namespace rwd {

RecordedBranchProvider::RecordedBranchProvider(const HistoryView& history, CodeReader& code, SourceLocator& locator)
    : history_(history), places_(locator), sites_(code, places_), segments_(places_) {}

RecordedBranchProvider::ThreadCursor* RecordedBranchProvider::cursorOf(int32_t tid) {
  if (lastThread_ && lastThread_->tid == tid) return lastThread_;
  for (auto& cursor : threads_) {
    if (cursor.tid == tid) return &cursor;
  }
  threads_.push_back({tid, 0, 0, nullptr});
  return &threads_.back();
}

void RecordedBranchProvider::restart() {
  branches_.clear();
  base_ = 0;
  threads_.clear();
  lastThread_ = nullptr;
  segments_.clear();
  markers_.clear();
  sites_.resetCounts();
  scanned_ = history_.firstIndex();
  scanStart_ = scanned_;
}

void RecordedBranchProvider::record(uint64_t index, uint64_t seenAt, BranchKind kind) {
  branches_.push_back({index, seenAt, kind});
  if (MarkerIndex::tracks(kind)) markers_.add(kind, index);
}

void RecordedBranchProvider::update() {
  const uint64_t first = history_.firstIndex();
  const uint64_t end = history_.size();
  // A history that shrank, or forgot everything we had, was restarted.
  if (end < scanned_ || first > scanned_) restart();
  for (uint64_t i = scanned_; i < end; ++i) {
    const uint64_t pc = history_.pcAt(i);
    const int32_t tid = history_.tidAt(i);
    CodeSite& site = sites_.at(pc);
    ++site.executions;

    if (i > scanStart_ && lastThread_ && lastThread_->tid != tid) {
      record(i - 1, i, BranchKind::ThreadSwitch);
    }
    ThreadCursor* thread = cursorOf(tid);
    std::optional<BranchKind> arrival;
    if (thread->lastSite) {
      CodeSite& previous = *thread->lastSite;
      const bool fellThrough = previous.shape.length != 0 && pc == thread->lastPc + previous.shape.length;
      switch (previous.shape.flow) {
        case InstructionFlow::Call: arrival = BranchKind::Call; break;
        case InstructionFlow::Return: arrival = BranchKind::Return; break;
        case InstructionFlow::Jump: arrival = BranchKind::Jump; break;
        case InstructionFlow::SystemCall: arrival = BranchKind::SystemCall; break;
        case InstructionFlow::ConditionalJump: {
          // The counts belong to the jump's own site.
          if (fellThrough) {
            ++previous.notTaken;
          } else {
            ++previous.taken;
            arrival = BranchKind::Conditional;
          }
          break;
        }
        case InstructionFlow::Sequential:
          if (!fellThrough) arrival = BranchKind::Signal;
          break;
        case InstructionFlow::Undecodable:
          if (!fellThrough) arrival = BranchKind::Unknown;
          break;
      }
      if (arrival) record(thread->lastIndex, i, *arrival);
    }
    segments_.add(i, tid, pc, site.place, arrival);
    thread->lastIndex = i;
    thread->lastPc = pc;
    thread->lastSite = &site;
    lastThread_ = thread;
  }
  scanned_ = std::max(scanned_, end);
  if (first > 0) {
    while (base_ < branches_.size() && branches_[base_].seenAt <= first) ++base_;
    if (base_ > 65536 && base_ * 2 > branches_.size()) {
      branches_.erase(branches_.begin(), branches_.begin() + static_cast<std::ptrdiff_t>(base_));
      base_ = 0;
    }
    segments_.dropBefore(first);
  }
}

TakenBranch RecordedBranchProvider::branchAt(uint64_t ordinal) const {
  const StoredBranch& stored = branches_[base_ + ordinal];
  TakenBranch branch;
  branch.index = stored.index;
  branch.kind = stored.kind;
  branch.from = stored.index >= history_.firstIndex() ? history_.pcAt(stored.index) : 0;
  branch.to = history_.pcAt(stored.seenAt);
  branch.tid = history_.tidAt(stored.seenAt);
  return branch;
}

uint64_t RecordedBranchProvider::branchOrdinalAt(uint64_t index) const {
  auto begin = branches_.begin() + static_cast<std::ptrdiff_t>(base_);
  auto found = std::lower_bound(begin, branches_.end(), index,
                                [](const StoredBranch& branch, uint64_t value) { return branch.seenAt <= value; });
  return static_cast<uint64_t>(found - begin);
}

}  // namespace rwd
