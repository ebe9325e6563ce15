// RecordedHistoryView: one forward pass over new entries (XOR each delta into
// its thread's register image), clone() children resolved from their
// parent, the other threads anchored on their registers at the current
// position (a backward pass over the entries after it).
#include "branch/RecordedHistoryView.h"

#include <algorithm>
#include <cstring>

#include "record/HistoryCursor.h"

namespace rwd {

namespace {

constexpr unsigned kWords = sizeof(user_regs_struct) / 8;

void xorInto(user_regs_struct& target, const user_regs_struct& value) {
  uint64_t* out = reinterpret_cast<uint64_t*>(&target);
  const uint64_t* in = reinterpret_cast<const uint64_t*>(&value);
  for (unsigned i = 0; i < kWords; ++i) out[i] ^= in[i];
}

// Linux x86-64 system call numbers that create a thread or process.
constexpr uint64_t kClone = 56, kClone3 = 435;

constexpr int64_t kNoSyscallResultYet = -38;  // -ENOSYS: rax inside a call that has not returned

// Whether the entry from `before` to `after` completed a clone()/clone3()
// (the kernel leaves rcx = the return rip; the new thread's id is rax):
// either the `syscall` instruction (2 bytes) stepped over whole, or — when
// the recorder ended that step at the clone's ptrace event stop, inside
// the call — the later entry that takes the thread from the event stop
// (rax still -ENOSYS) to the call's return at the same rip.
bool isCompletedClone(EntryKind kind, const user_regs_struct& before, const user_regs_struct& after) {
  const bool returned = (after.orig_rax == kClone || after.orig_rax == kClone3) && after.rcx == after.rip &&
                        static_cast<int64_t>(after.rax) > 0;
  if (!returned) return false;
  if (kind == EntryKind::Instruction && after.rip == before.rip + 2) return true;
  return before.rip == after.rip && before.orig_rax == after.orig_rax &&
         static_cast<int64_t>(before.rax) == kNoSyscallResultYet;
}

}  // namespace

void RecordedHistoryView::restart() {
  first_ = end_ = stableEnd_ = history_.firstSerial();
  pcs_.clear();
  tidRuns_.clear();
  oddEntries_.clear();
  images_.clear();
  unknownEntries_ = 0;
}

void RecordedHistoryView::dropBefore(uint64_t first) {
  const uint64_t drop = std::min<uint64_t>(first - first_, pcs_.size());
  pcs_.erase(pcs_.begin(), pcs_.begin() + static_cast<std::ptrdiff_t>(drop));
  // Keep the run that covers `first`.
  auto covering = std::upper_bound(tidRuns_.begin(), tidRuns_.end(), first,
                                   [](uint64_t value, const auto& run) { return value < run.first; });
  if (covering != tidRuns_.begin()) tidRuns_.erase(tidRuns_.begin(), covering - 1);
  oddEntries_.erase(oddEntries_.begin(),
                    std::lower_bound(oddEntries_.begin(), oddEntries_.end(), first,
                                     [](const auto& odd, uint64_t value) { return odd.first < value; }));
  for (auto& [tid, image] : images_) {
    image.pending.erase(image.pending.begin(), std::lower_bound(image.pending.begin(), image.pending.end(), first));
  }
  first_ = first;
}

void RecordedHistoryView::resolve(ThreadImage& thread, const user_regs_struct& base) {
  xorInto(thread.regs, base);
  for (uint64_t serial : thread.pending) {
    if (serial >= first_) pcs_[serial - first_] ^= base.rip;
  }
  thread.pending.clear();
  thread.pending.shrink_to_fit();
  thread.resolved = true;
}

void RecordedHistoryView::append(const EntryView& entry) {
  const uint64_t serial = entry.serial;
  if (tidRuns_.empty() || tidRuns_.back().second != entry.tid) tidRuns_.emplace_back(serial, entry.tid);
  if (entry.kind != EntryKind::Instruction) oddEntries_.emplace_back(serial, entry.kind);
  ThreadImage& thread = images_[entry.tid];
  if (thread.lost) {
    pcs_.push_back(0);
    ++unknownEntries_;
    return;
  }
  pcs_.push_back(thread.regs.rip);
  if (!thread.resolved) thread.pending.push_back(serial);
  const user_regs_struct before = thread.regs;
  entry.registers.applyTo(thread.regs);
  if (thread.resolved && isCompletedClone(entry.kind, before, thread.regs)) {
    const pid_t child = static_cast<pid_t>(thread.regs.rax);
    user_regs_struct start = thread.regs;  // the child returns from the same call with 0
    start.rax = 0;
    ThreadImage& created = images_[child];
    if (!created.resolved && !created.lost) resolve(created, start);
  }
}

bool RecordedHistoryView::resolveClonesSince(uint64_t from) {
  // Every resolved thread's registers, walked back from the end: a completed
  // clone() on the way gives the child its registers.
  std::unordered_map<pid_t, user_regs_struct> after;
  for (const auto& [tid, image] : images_) {
    if (image.resolved) after[tid] = image.regs;
  }
  bool resolvedAny = false;
  HistoryCursor cursor(history_, end_ - history_.firstSerial());
  EntryView entry;
  while (history_.firstSerial() + cursor.position() > from && cursor.previous(entry)) {
    auto found = after.find(entry.tid);
    if (found == after.end()) continue;
    user_regs_struct before = found->second;
    entry.registers.applyTo(before);
    if (isCompletedClone(entry.kind, before, found->second)) {
      user_regs_struct start = found->second;
      start.rax = 0;
      ThreadImage& child = images_[static_cast<pid_t>(found->second.rax)];
      if (!child.resolved && !child.lost) {
        resolve(child, start);
        resolvedAny = true;
      }
    }
    found->second = before;
  }
  return resolvedAny;
}

void RecordedHistoryView::anchorPending(uint64_t readFrom) {
  auto waiting = [this] {
    std::vector<pid_t> tids;
    for (const auto& [tid, image] : images_) {
      if (!image.resolved && !image.lost && !image.pending.empty()) tids.push_back(tid);
    }
    return tids;
  };
  if (waiting().empty()) return;
  // Threads that can be read now: anchored on their registers at the
  // current position (their relative registers there, walked back from the end).
  std::unordered_map<pid_t, user_regs_struct> atPosition;
  for (pid_t tid : waiting()) atPosition[tid] = images_[tid].regs;
  const uint64_t position = history_.position();
  HistoryCursor cursor(history_, end_ - history_.firstSerial());
  EntryView entry;
  while (cursor.position() > position && cursor.previous(entry)) {
    auto found = atPosition.find(entry.tid);
    if (found != atPosition.end()) entry.registers.applyTo(found->second);
  }
  for (auto& [tid, relative] : atPosition) {
    user_regs_struct now{};
    if (!threads_.registersNow || !threads_.registersNow(tid, now)) continue;
    xorInto(now, relative);  // now = the registers before the thread's first entry
    resolve(images_[tid], now);
  }
  // Threads created by a clone() read in this pass whose parent was only
  // anchored just now (children of children need another round).
  for (int round = 0; round < 8 && !waiting().empty() && resolveClonesSince(readFrom); ++round) {}
  // What is left and has exited can never be known.
  for (pid_t tid : waiting()) {
    ThreadImage& thread = images_[tid];
    if (threads_.gone && !threads_.gone(tid)) continue;
    for (uint64_t serial : thread.pending) {
      if (serial >= first_) pcs_[serial - first_] = 0;
    }
    unknownEntries_ += thread.pending.size();
    thread.pending.clear();
    thread.lost = true;
  }
}

void RecordedHistoryView::sync() {
  const uint64_t historyFirst = history_.firstSerial();
  const uint64_t historyEnd = history_.endSerial();
  const bool cleared = historyFirst == historyEnd && historyFirst > first_;
  if (historyEnd < end_ || historyFirst > end_ || cleared) restart();
  if (historyFirst > first_) dropBefore(historyFirst);
  const uint64_t readFrom = end_;
  if (historyEnd > end_) {
    HistoryCursor cursor(history_, end_ - historyFirst);
    EntryView entry;
    while (cursor.next(entry)) append(entry);
    end_ = historyEnd;
  }
  anchorPending(readFrom);
  stableEnd_ = end_;
  for (const auto& [tid, image] : images_) {
    if (!image.pending.empty()) stableEnd_ = std::min(stableEnd_, image.pending.front());
  }
}

int32_t RecordedHistoryView::tidAt(uint64_t index) const {
  auto after = std::upper_bound(tidRuns_.begin(), tidRuns_.end(), index,
                                [](uint64_t value, const auto& run) { return value < run.first; });
  return after == tidRuns_.begin() ? 0 : (after - 1)->second;
}

EntryKind RecordedHistoryView::kindAt(uint64_t index) const {
  auto found = std::lower_bound(oddEntries_.begin(), oddEntries_.end(), index,
                                [](const auto& odd, uint64_t value) { return odd.first < value; });
  return found != oddEntries_.end() && found->first == index ? found->second : EntryKind::Instruction;
}

}  // namespace rwd
