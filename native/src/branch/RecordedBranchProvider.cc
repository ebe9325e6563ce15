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
}

void RecordedBranchProvider::record(uint64_t index, uint64_t seenAt, BranchKind kind) {
  branches_.push_back({index, seenAt, kind});
  if (MarkerIndex::tracks(kind)) markers_.add(kind, index);
}

namespace {
// The branch, if any, that led from a thread's last instruction (`previous`,
// at `previousPc`) to its next one at `pc`; counts a conditional jump's
// outcome on its site.
std::optional<BranchKind> arrivalFrom(CodeSite& previous, uint64_t previousPc, uint64_t pc) {
  const bool fellThrough = previous.shape.length != 0 && pc == previousPc + previous.shape.length;
  switch (previous.shape.flow) {
    case InstructionFlow::Call:
      return BranchKind::Call;
    case InstructionFlow::Return:
      return BranchKind::Return;
    case InstructionFlow::Jump:
      return BranchKind::Jump;
    case InstructionFlow::SystemCall:
      return BranchKind::SystemCall;
    case InstructionFlow::ConditionalJump:
      if (fellThrough) {
        ++previous.notTaken;
        return std::nullopt;
      }
      ++previous.taken;
      return BranchKind::Conditional;
    // The same pc again: one more iteration of a rep-prefixed string instruction.
    case InstructionFlow::Sequential:
      return fellThrough || pc == previousPc ? std::nullopt : std::optional(BranchKind::Signal);
    case InstructionFlow::Undecodable:
      return fellThrough || pc == previousPc ? std::nullopt : std::optional(BranchKind::Unknown);
  }
  return std::nullopt;
}
}  // namespace

void RecordedBranchProvider::update() {
  const uint64_t first = history_.firstIndex();
  const uint64_t end = history_.size();
  // A history that shrank, or forgot everything we had, was restarted.
  if (end < scanned_ || first > scanned_) restart();
  for (uint64_t i = scanned_; i < end; ++i) {
    const uint64_t pc = history_.pcAt(i);
    const int32_t tid = history_.tidAt(i);
    const EntryKind entryKind = history_.kindAt(i);
    ThreadCursor* thread = cursorOf(tid);
    if (pc == 0) {
      // An entry whose address is unknown: what comes next in this thread
      // cannot be judged from it.
      thread->lastSite = nullptr;
      thread->lastWasSignal = false;
      thread->pendingArrival.reset();
      continue;
    }
    const bool instruction = entryKind != EntryKind::Adjustment;
    if (instruction && lastThread_ && lastThread_ != thread) {
      record(lastThread_->lastIndex, i, BranchKind::ThreadSwitch);
    }
    if (instruction && lastThread_ != thread) markers_.addRun(tid, i);
    std::optional<BranchKind> arrival;
    if (thread->lastWasSignal) {
      arrival = BranchKind::Signal;
    } else if (thread->lastSite) {
      arrival = arrivalFrom(*thread->lastSite, thread->lastPc, pc);
    }
    if (arrival) record(thread->lastIndex, i, *arrival);
    thread->lastWasSignal = false;

    if (!instruction) {
      // A debugger write between steps (it may move the pc): the branch into
      // it was judged above; the next instruction is not judged against it,
      // but still learns how its function was entered.
      thread->lastSite = nullptr;
      if (arrival) thread->pendingArrival = arrival;
      continue;
    }
    if (!arrival) arrival = thread->pendingArrival;
    thread->pendingArrival.reset();
    if (entryKind == EntryKind::SignalDelivery) {
      // No instruction ran: the kernel put a signal frame on the stack; the
      // thread's next entry is the handler.
      segments_.add(i, tid, pc, places_.at(pc), arrival);
      thread->lastSite = nullptr;
      thread->lastWasSignal = true;
    } else {
      CodeSite& site = sites_.at(pc);
      // Iterations of a rep-prefixed instruction run it once.
      if (!(arrival == std::nullopt && thread->lastSite == &site && thread->lastPc == pc)) ++site.executions;
      segments_.add(i, tid, pc, site.place, arrival);
      thread->lastSite = &site;
    }
    thread->lastIndex = i;
    thread->lastPc = pc;
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
