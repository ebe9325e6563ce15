// Unit tests for RecordedHistoryView over a real recorder History whose
// entries carry register deltas: addresses worked out from a thread anchored
// at the live end and in the past, a clone() child resolved from its
// parent (before and after its own entries, and over the clone's event
// stop), a thread that exited before it
// could be anchored, a thread that cannot be read yet holding the view back,
// a limited history forgetting its start, a cleared one, and entry kinds.
#include <set>

#include "branch/RecordedHistoryView.h"
#include "support/BranchTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

// The threads as the program would show them: registers at the history's
// position, and which threads have exited.
struct FakeThreads {
  std::map<pid_t, user_regs_struct> now;
  std::set<pid_t> exited;
  ThreadRegisterSource source() {
    return {[this](pid_t tid, user_regs_struct& out) {
              auto found = now.find(tid);
              if (found == now.end()) return false;
              out = found->second;
              return true;
            },
            [this](pid_t tid) { return exited.count(tid) > 0; }};
  }
};

std::vector<uint64_t> pcsOf(const RecordedHistoryView& view) {
  std::vector<uint64_t> out;
  for (uint64_t i = view.firstIndex(); i < view.size(); ++i) out.push_back(view.pcAt(i));
  return out;
}

void anchoredAtTheLiveEnd() {
  History history;
  HistoryWriter writer(history);
  const std::vector<uint64_t> trace = loopProgramTrace(3);
  writer.begin(100, trace.front());
  writer.run(100, trace);
  FakeThreads threads;
  threads.now = writer.registers;
  RecordedHistoryView view(history, threads.source());
  view.sync();
  CHECK_EQ(view.size(), uint64_t{trace.size() - 1});
  CHECK_EQ(pcsOf(view), std::vector<uint64_t>(trace.begin(), trace.end() - 1));
  CHECK_EQ(view.tidAt(0), 100);
  CHECK_EQ(view.tidAt(5), 100);
  CHECK_EQ(view.unknownEntries(), uint64_t{0});

  // More entries later: only they are read, from the image carried forward
  // (the anchor is not asked again: a wrong one now would show).
  threads.now.clear();
  writer.step(100, kLeaf);
  writer.step(100, kLeafRet);
  view.sync();
  CHECK_EQ(view.size(), uint64_t{trace.size() + 1});
  CHECK_EQ(view.pcAt(trace.size() - 1), trace.back());
  CHECK_EQ(view.pcAt(trace.size()), kLeaf);
}

void anchoredInThePast() {
  History history;
  HistoryWriter writer(history);
  const std::vector<uint64_t> trace = loopProgramTrace(2);
  writer.begin(7, trace.front());
  writer.run(7, trace);
  // The program was taken back to position 4: its registers now are those
  // before entry 4 (rip trace[4], rax 4 — the writer bumps rax each step).
  history.setPosition(4);
  FakeThreads threads;
  user_regs_struct atFour = writer.registers.at(7);
  atFour.rip = trace[4];
  atFour.rax = 4;
  threads.now[7] = atFour;
  RecordedHistoryView view(history, threads.source());
  view.sync();
  CHECK_EQ(pcsOf(view), std::vector<uint64_t>(trace.begin(), trace.end() - 1));
}

// One clone() by `parent` at `at` (a 2-byte syscall) that creates `child`.
void cloneStep(HistoryWriter& writer, pid_t parent, uint64_t at, pid_t child) {
  writer.step(parent, at + 2, EntryKind::Instruction, [&](user_regs_struct& after) {
    after.orig_rax = 56;
    after.rcx = at + 2;
    after.rax = static_cast<uint64_t>(child);
  });
}

void cloneChildren() {
  constexpr uint64_t kCloneAt = kSyscall;  // a 2-byte instruction
  History history;
  HistoryWriter writer(history);
  writer.begin(10, kMain);
  writer.run(10, {kMain, kLoop, kSyscall});
  cloneStep(writer, 10, kCloneAt, 11);
  // The child starts where the parent returns; it runs, then exits.
  writer.begin(11, kCloneAt + 2);
  writer.run(11, {kCloneAt + 2, kLeaf, kLeafRet, kAfterCall});
  // A second child whose entries come before the parent's clone() entry
  // (the call was in flight while the child already ran).
  writer.step(10, kSyscall);
  writer.begin(12, kCloneAt + 2);
  writer.run(12, {kCloneAt + 2, kLeaf, kLeafRet});
  cloneStep(writer, 10, kCloneAt, 12);
  // A third clone whose step ended at the clone's ptrace event stop, inside
  // the call (rax -ENOSYS); the call's return came as a later adjustment.
  writer.step(10, kSyscall);
  writer.step(10, kCloneAt + 2, EntryKind::Instruction, [&](user_regs_struct& after) {
    after.orig_rax = 435;  // clone3
    after.rcx = kCloneAt + 2;
    after.rax = static_cast<uint64_t>(-38);
  });
  writer.begin(13, kCloneAt + 2);
  writer.run(13, {kCloneAt + 2, kLeaf});
  writer.step(10, kCloneAt + 2, EntryKind::Adjustment, [&](user_regs_struct& after) { after.rax = 13; });
  FakeThreads threads;
  threads.now[10] = writer.registers.at(10);  // 11, 12 and 13 have exited
  threads.exited = {11, 12, 13};
  RecordedHistoryView view(history, threads.source());
  view.sync();
  const std::vector<uint64_t> expected = {kMain,        kLoop,        kCloneAt,     kCloneAt + 2, kLeaf,
                                          kLeafRet,     kCloneAt + 2, kCloneAt + 2, kLeaf,        kCloneAt,
                                          kCloneAt + 2, kCloneAt,     kCloneAt + 2, kCloneAt + 2};
  CHECK_EQ(pcsOf(view), expected);
  CHECK_EQ(view.tidAt(3), 11);
  CHECK_EQ(view.tidAt(6), 10);
  CHECK_EQ(view.tidAt(7), 12);
  CHECK_EQ(view.tidAt(12), 13);
  CHECK_EQ(view.unknownEntries(), uint64_t{0});
}

void threadsThatCannotBeAnchored() {
  History history;
  HistoryWriter writer(history);
  writer.begin(1, kMain);
  writer.begin(2, kLeaf);
  writer.step(1, kLoop);
  writer.step(2, kLeafRet);
  writer.step(1, kLeaf);
  writer.step(2, kAfterCall);
  FakeThreads threads;
  threads.now[1] = writer.registers.at(1);
  // Thread 2 is alive but cannot be read now (it runs): the view stops
  // before its first entry and shows nothing that could change.
  RecordedHistoryView view(history, threads.source());
  view.sync();
  CHECK_EQ(view.size(), uint64_t{1});
  CHECK_EQ(view.pcAt(0), kMain);
  // It stopped: everything is known.
  threads.now[2] = writer.registers.at(2);
  view.sync();
  CHECK_EQ(pcsOf(view), (std::vector<uint64_t>{kMain, kLeaf, kLoop, kLeafRet}));

  // A thread that exited before anyone could read it: its entries have
  // address 0, the others are fine.
  History other;
  HistoryWriter second(other);
  second.begin(1, kMain);
  second.begin(3, kLeaf);
  second.step(1, kLoop);
  second.step(3, kLeafRet);
  second.step(1, kLeaf);
  FakeThreads gone;
  gone.now[1] = second.registers.at(1);
  gone.exited = {3};
  RecordedHistoryView lost(other, gone.source());
  lost.sync();
  CHECK_EQ(pcsOf(lost), (std::vector<uint64_t>{kMain, 0, kLoop}));
  CHECK_EQ(lost.unknownEntries(), uint64_t{1});
}

void limitedAndClearedHistories() {
  History history(50);
  HistoryWriter writer(history);
  std::vector<uint64_t> trace = loopProgramTrace(40);  // 203 pcs
  writer.begin(5, trace.front());
  writer.run(5, std::vector<uint64_t>(trace.begin(), trace.begin() + 101));
  FakeThreads threads;
  threads.now = writer.registers;
  RecordedHistoryView view(history, threads.source());
  view.sync();
  CHECK_EQ(view.firstIndex(), uint64_t{50});
  CHECK_EQ(view.size(), uint64_t{100});
  CHECK_EQ(view.pcAt(50), trace[50]);
  CHECK_EQ(view.pcAt(99), trace[99]);
  // It goes on; the oldest entries go — here more than the view had read, so
  // it starts again from the history's oldest entry, anchored anew.
  for (size_t i = 101; i < trace.size(); ++i) writer.step(5, trace[i]);
  threads.now = writer.registers;
  view.sync();
  CHECK_EQ(view.firstIndex(), uint64_t{trace.size() - 1 - 50});
  CHECK_EQ(view.size(), uint64_t{trace.size() - 1});
  bool same = true;
  for (uint64_t i = view.firstIndex(); i < view.size(); ++i) same = same && view.pcAt(i) == trace[i];
  CHECK(same);
  CHECK_EQ(view.tidAt(view.firstIndex()), 5);

  // Cleared (a cut): serials go on; the registers carry on from the last
  // entry (an anchor asked now would be wrong: it is not asked).
  history.clear();
  threads.now.clear();
  writer.step(5, kLeaf, EntryKind::SignalDelivery);
  writer.step(5, kLeafRet);
  writer.step(5, kAfterCall, EntryKind::Adjustment);
  view.sync();
  CHECK_EQ(view.firstIndex(), history.firstSerial());
  CHECK_EQ(view.size(), history.endSerial());
  const uint64_t first = view.firstIndex();
  CHECK_EQ(pcsOf(view), (std::vector<uint64_t>{trace.back(), kLeaf, kLeafRet}));
  CHECK(view.kindAt(first) == EntryKind::SignalDelivery);
  CHECK(view.kindAt(first + 1) == EntryKind::Instruction);
  CHECK(view.kindAt(first + 2) == EntryKind::Adjustment);
}

}  // namespace

int main() {
  anchoredAtTheLiveEnd();
  anchoredInThePast();
  cloneChildren();
  threadsThatCannotBeAnchored();
  limitedAndClearedHistories();
  return summary("branch_recorded_view_test");
}
