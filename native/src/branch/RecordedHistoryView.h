// RecordedHistoryView: the HistoryView of the recorder's History. The log
// keeps each entry's registers only as an XOR delta, so the address of every
// entry is worked out here, once, and kept (8 bytes an entry): each thread's
// registers are carried forward entry by entry from a known value. Where
// that value comes from:
//   - a thread created by a recorded clone() starts with its parent's
//     registers after the call (the child's rip is the parent's);
//   - any other thread (the ones that existed when recording began) is
//     anchored on its registers now, at the history's current position,
//     and its entries so far are corrected in one pass; a clone() it made
//     before it was anchored is found by walking back over the new entries.
// A thread that exited before it could be anchored keeps address 0
// ("unknown") for its entries. sync() reads only entries appended since the
// last call, drops what the History dropped, and starts over when the
// History was cleared. size() stops before the first entry of a thread that
// is still waiting for its anchor (it cannot be read while it runs), so
// what the view shows never changes afterwards.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "branch/HistoryView.h"
#include "record/History.h"

namespace rwd {

struct ThreadRegisterSource {
  // Registers of `tid` at the History's current position; false when they
  // cannot be read now (the thread runs, or is gone).
  std::function<bool(pid_t tid, user_regs_struct& out)> registersNow;
  // Whether `tid` has exited for good.
  std::function<bool(pid_t tid)> gone;
};

class RecordedHistoryView : public HistoryView {
 public:
  RecordedHistoryView(History& history, ThreadRegisterSource threads)
      : history_(history), threads_(std::move(threads)) {}

  // Catches up with the History; cheap when nothing changed.
  void sync();

  uint64_t size() const override { return stableEnd_; }
  uint64_t firstIndex() const override { return first_; }
  uint64_t pcAt(uint64_t index) const override { return pcs_[index - first_]; }
  int32_t tidAt(uint64_t index) const override;
  EntryKind kindAt(uint64_t index) const override;

  History& history() const { return history_; }
  // Entries whose thread could never be anchored (their address is 0).
  uint64_t unknownEntries() const { return unknownEntries_; }

 private:
  struct ThreadImage {
    user_regs_struct regs{};  // absolute once resolved; relative to its first entry before
    bool resolved = false;
    bool lost = false;              // exited before it could be anchored
    std::vector<uint64_t> pending;  // entries recorded while unresolved
  };
  void restart();
  void dropBefore(uint64_t first);
  void append(const EntryView& entry);
  void resolve(ThreadImage& thread, const user_regs_struct& base);
  void anchorPending(uint64_t readFrom);
  bool resolveClonesSince(uint64_t from);

  History& history_;
  ThreadRegisterSource threads_;
  uint64_t first_ = 0;  // serial of pcs_[0]
  uint64_t end_ = 0;    // serials [first_, end_) are read
  uint64_t stableEnd_ = 0;
  std::deque<uint64_t> pcs_;
  std::vector<std::pair<uint64_t, int32_t>> tidRuns_;       // (first serial, tid), sorted
  std::vector<std::pair<uint64_t, EntryKind>> oddEntries_;  // serials of non-instruction entries, sorted
  std::unordered_map<pid_t, ThreadImage> images_;
  uint64_t unknownEntries_ = 0;
};

}  // namespace rwd
