// Unit tests for RecordedBranchProvider and CallSegmentBuilder over a
// hand-assembled program's recorded pcs: every taken branch with its kind
// (call, return, taken conditional, system call, signal, thread switch),
// the call segments with depth, lines and instruction counts, per-site
// taken/not-taken counts, pages by ordinal and by instruction index, an
// index built in steps equal to one built at once, a history that forgets
// its start, and one that restarts.
#include <random>

#include "branch/RecordedBranchProvider.h"
#include "support/BranchTestSupport.h"

namespace rwd {
std::ostream& operator<<(std::ostream& out, const TakenBranch& branch) {
  return out << "{#" << branch.index << " 0x" << std::hex << branch.from << "->0x" << branch.to << std::dec << " "
             << branchKindName(branch.kind) << " tid " << branch.tid << "}";
}
}  // namespace rwd

using namespace rwd;
using namespace rwd::testsupport;

namespace {

std::vector<TakenBranch> allBranches(const BranchTraceProvider& provider) {
  return provider.branches(0, provider.branchCount());
}

void singleThreadLoop() {
  VectorHistory history;
  for (uint64_t pc : loopProgramTrace(3)) history.add(pc, 100);
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  TableLocator locator = loopProgramLocator();
  RecordedBranchProvider provider(history, code, locator);
  provider.update();

  std::vector<TakenBranch> expected = {
      {1, kLoop, kLeaf, BranchKind::Call, 100},
      {3, kLeafRet, kAfterCall, BranchKind::Return, 100},
      {5, kJne, kLoop, BranchKind::Conditional, 100},
      {6, kLoop, kLeaf, BranchKind::Call, 100},
      {8, kLeafRet, kAfterCall, BranchKind::Return, 100},
      {10, kJne, kLoop, BranchKind::Conditional, 100},
      {11, kLoop, kLeaf, BranchKind::Call, 100},
      {13, kLeafRet, kAfterCall, BranchKind::Return, 100},
      {16, kSyscall, kMainRet, BranchKind::SystemCall, 100},
  };
  CHECK_EQ(provider.branchCount(), expected.size());
  CHECK_EQ(allBranches(provider), expected);
  CHECK_EQ(provider.endIndex(), uint64_t{18});

  // Pages and positions.
  CHECK_EQ(provider.branches(2, 3), (std::vector<TakenBranch>{expected[2], expected[3], expected[4]}));
  CHECK_EQ(provider.branches(8, 10).size(), size_t{1});
  CHECK(provider.branches(20, 5).empty());
  CHECK_EQ(provider.branchOrdinalAt(0), uint64_t{0});
  CHECK_EQ(provider.branchOrdinalAt(2), uint64_t{1});  // first branch at or after #2 is the return at #3
  CHECK_EQ(provider.branchOrdinalAt(16), uint64_t{8});
  CHECK_EQ(provider.branchOrdinalAt(17), uint64_t{9});  // none after the last

  // Call segments: main, leaf, main, leaf, main, leaf, main.
  const CallSegmentBuilder& segments = provider.segments();
  STOP_UNLESS(segments.size() == 7);
  const char* functions[] = {"main", "leaf", "main", "leaf", "main", "leaf", "main"};
  const int depths[] = {0, 1, 0, 1, 0, 1, 0};
  const uint64_t starts[] = {0, 2, 4, 7, 9, 12, 14};
  const uint64_t ends[] = {1, 3, 6, 8, 11, 13, 17};
  for (uint64_t i = 0; i < 7; ++i) {
    FunctionSegment segment = segments.at(i);
    CHECK_EQ(segment.function, std::string(functions[i]));
    CHECK_EQ(segment.depth, depths[i]);
    CHECK_EQ(segment.startIndex, starts[i]);
    CHECK_EQ(segment.endIndex, ends[i]);
    CHECK_EQ(segment.instructionCount, ends[i] - starts[i] + 1);
    CHECK_EQ(segment.file, std::string(kSourceFile));
    CHECK_EQ(segment.tid, 100);
  }
  CHECK_EQ(segments.at(0).startLine, 10);
  CHECK_EQ(segments.at(0).endLine, 11);
  CHECK_EQ(segments.at(1).startLine, 20);
  CHECK_EQ(segments.at(1).endLine, 21);
  CHECK_EQ(segments.at(6).startLine, 12);  // dec, jne, syscall, ret
  CHECK_EQ(segments.at(6).endLine, 14);
  CHECK_EQ(segments.at(3).entryAddress, kLeaf);
  CHECK_EQ(segments.ordinalAt(0), uint64_t{0});
  CHECK_EQ(segments.ordinalAt(5), uint64_t{2});
  CHECK_EQ(segments.ordinalAt(13), uint64_t{5});
  CHECK_EQ(segments.ordinalAt(500), uint64_t{6});
  CHECK_EQ(segments.minDepth(), 0);

  // Per-site counts.
  const CodeSiteTable* sites = provider.codeSites();
  STOP_UNLESS(sites != nullptr);
  uint64_t jneTaken = 0, jneNotTaken = 0, loopExecutions = 0, sitesSeen = 0;
  sites->forEach([&](uint64_t address, const CodeSite& site) {
    ++sitesSeen;
    if (address == kJne) {
      jneTaken = site.taken;
      jneNotTaken = site.notTaken;
    }
    if (address == kLoop) loopExecutions = site.executions;
  });
  CHECK_EQ(jneTaken, uint64_t{2});
  CHECK_EQ(jneNotTaken, uint64_t{1});
  CHECK_EQ(loopExecutions, uint64_t{3});
  CHECK_EQ(sitesSeen, uint64_t{8});
  // Each address was decoded and located once, however often it ran.
  CHECK_EQ(code.reads, uint64_t{8});
  CHECK_EQ(locator.lookups, uint64_t{8});

  // Markers: the one system call.
  CHECK_EQ(provider.markers().indicesOf(BranchKind::SystemCall), (std::vector<uint64_t>{16}));
}

void threadsAndSignals() {
  VectorHistory history;
  history.add(kMain, 100);       // 0
  history.add(kLoop, 100);       // 1  call leaf (seen when 100 runs again)
  history.add(kLeaf, 200);       // 2  switch to 200
  history.add(kLeafRet, 200);    // 3
  history.add(kLeaf, 100);       // 4  switch back; 100's call lands
  history.add(kLeafRet, 100);    // 5  ret
  history.add(kAfterCall, 100);  // 6  dec ecx ... then a signal handler runs
  history.add(kLeaf, 100);       // 7
  history.add(kLeafRet, 100);    // 8
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  TableLocator locator = loopProgramLocator();
  RecordedBranchProvider provider(history, code, locator);
  provider.update();
  std::vector<TakenBranch> expected = {
      {1, kLoop, kLeaf, BranchKind::ThreadSwitch, 200}, {3, kLeafRet, kLeaf, BranchKind::ThreadSwitch, 100},
      {1, kLoop, kLeaf, BranchKind::Call, 100},         {5, kLeafRet, kAfterCall, BranchKind::Return, 100},
      {6, kAfterCall, kLeaf, BranchKind::Signal, 100},
  };
  CHECK_EQ(allBranches(provider), expected);
  CHECK_EQ(provider.branchOrdinalAt(2), uint64_t{1});
  CHECK_EQ(provider.markers().indicesOf(BranchKind::ThreadSwitch), (std::vector<uint64_t>{1, 3}));
  CHECK_EQ(provider.markers().indicesOf(BranchKind::Signal), (std::vector<uint64_t>{6}));

  const CallSegmentBuilder& segments = provider.segments();
  STOP_UNLESS(segments.size() == 5);
  struct Expected {
    const char* function;
    int32_t tid;
    int depth;
    uint64_t start, end;
  } rows[] = {{"main", 100, 0, 0, 1},
              {"leaf", 200, 0, 2, 3},
              {"leaf", 100, 1, 4, 5},
              {"main", 100, 0, 6, 6},
              {"leaf", 100, 1, 7, 8}};
  for (uint64_t i = 0; i < 5; ++i) {
    FunctionSegment segment = segments.at(i);
    CHECK_EQ(segment.function, std::string(rows[i].function));
    CHECK_EQ(segment.tid, rows[i].tid);
    CHECK_EQ(segment.depth, rows[i].depth);
    CHECK_EQ(segment.startIndex, rows[i].start);
    CHECK_EQ(segment.endIndex, rows[i].end);
  }
}

void unreadableCodeAndReturnsBelowTheStart() {
  // A return out of the first frame goes below depth 0; code that cannot be
  // read gives `unknown` branches instead of a wrong kind.
  VectorHistory history;
  for (uint64_t pc : {kLeaf, kLeafRet, kAfterCall, kJne, kSyscall, kMainRet, uint64_t{0x900000}, uint64_t{0x900100}})
    history.add(pc, 7);
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  TableLocator locator = loopProgramLocator();
  RecordedBranchProvider provider(history, code, locator);
  provider.update();
  auto branches = allBranches(provider);
  STOP_UNLESS(branches.size() == 4);
  CHECK_EQ(branches[0], (TakenBranch{1, kLeafRet, kAfterCall, BranchKind::Return, 7}));
  // jne not taken (ecx would be 0): no branch at #3.
  CHECK_EQ(branches[1], (TakenBranch{4, kSyscall, kMainRet, BranchKind::SystemCall, 7}));
  CHECK_EQ(branches[2], (TakenBranch{5, kMainRet, 0x900000, BranchKind::Return, 7}));
  CHECK_EQ(branches[3], (TakenBranch{6, 0x900000, 0x900100, BranchKind::Unknown, 7}));
  CHECK_EQ(provider.segments().minDepth(), -2);
  CHECK_EQ(provider.segments().at(2).function, std::string("??"));
  CHECK_EQ(provider.segments().at(2).file, std::string(""));
}

void incrementalEqualsOneShot() {
  VectorHistory history;
  std::mt19937 random(1234);
  // Two threads taking turns in slices of random length.
  auto traceA = loopProgramTrace(2000);
  auto traceB = loopProgramTrace(1500);
  size_t a = 0, b = 0;
  while (a < traceA.size() || b < traceB.size()) {
    size_t slice = 1 + random() % 40;
    for (size_t i = 0; i < slice && a < traceA.size(); ++i) history.add(traceA[a++], 1);
    slice = 1 + random() % 40;
    for (size_t i = 0; i < slice && b < traceB.size(); ++i) history.add(traceB[b++], 2);
  }
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  TableLocator locator = loopProgramLocator();

  RecordedBranchProvider oneShot(history, code, locator);
  oneShot.update();

  VectorHistory growing = history;
  growing.visible = 0;
  RecordedBranchProvider stepped(growing, code, locator);
  while (growing.visible < history.pcs.size()) {
    growing.visible += 1 + random() % 997;
    stepped.update();
  }
  CHECK_EQ(stepped.branchCount(), oneShot.branchCount());
  CHECK(allBranches(stepped) == allBranches(oneShot));
  STOP_UNLESS(stepped.segments().size() == oneShot.segments().size());
  bool segmentsEqual = true;
  for (uint64_t i = 0; i < oneShot.segments().size(); ++i) {
    FunctionSegment x = stepped.segments().at(i), y = oneShot.segments().at(i);
    segmentsEqual = segmentsEqual && x.startIndex == y.startIndex && x.endIndex == y.endIndex && x.depth == y.depth &&
                    x.function == y.function && x.tid == y.tid && x.startLine == y.startLine && x.endLine == y.endLine;
  }
  CHECK(segmentsEqual);
  // 2000 + 1500 calls, as many returns, each thread's calls at depth 1.
  uint64_t calls = 0, returns = 0, deepLeaves = 0;
  for (const auto& branch : allBranches(oneShot)) {
    calls += branch.kind == BranchKind::Call;
    returns += branch.kind == BranchKind::Return;
  }
  for (uint64_t i = 0; i < oneShot.segments().size(); ++i) {
    FunctionSegment segment = oneShot.segments().at(i);
    if (segment.function == "leaf") deepLeaves += segment.depth == 1;
  }
  CHECK_EQ(calls, uint64_t{3500});
  CHECK_EQ(returns, uint64_t{3500});
  CHECK(deepLeaves >= 3500);  // a leaf cut by a thread switch continues in a second segment
  // Branches are kept in the order they became visible.
  bool ordered = true;
  for (uint64_t ordinal = 1; ordinal < oneShot.branchCount(); ++ordinal) {
    ordered = ordered && oneShot.branchOrdinalAt(oneShot.branchAt(ordinal).index) <= ordinal;
  }
  CHECK(ordered);
}

void forgottenStartAndRestart() {
  VectorHistory history;
  for (uint64_t pc : loopProgramTrace(3)) history.add(pc, 100);
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  TableLocator locator = loopProgramLocator();
  RecordedBranchProvider provider(history, code, locator);
  provider.update();
  CHECK_EQ(provider.branchCount(), uint64_t{9});

  // The history keeps only #7 on (as one with a limit would): branches from
  // an entry before #7 (seen at #7 or before) and segments ending before #7
  // are gone; the first branch left is the return at #8.
  history.first = 7;
  provider.update();
  CHECK_EQ(provider.firstIndex(), uint64_t{7});
  STOP_UNLESS(provider.branchCount() == 5);
  CHECK_EQ(provider.branchAt(0).index, uint64_t{8});
  CHECK_EQ(provider.segments().at(0).startIndex, uint64_t{7});
  CHECK_EQ(provider.branchOrdinalAt(0), uint64_t{0});

  // A new, shorter recording replaces it.
  history.pcs = {kLeaf, kLeafRet, kAfterCall};
  history.tids = {5, 5, 5};
  history.first = 0;
  provider.update();
  CHECK_EQ(provider.branchCount(), uint64_t{1});
  CHECK_EQ(provider.branchAt(0), (TakenBranch{1, kLeafRet, kAfterCall, BranchKind::Return, 5}));
  CHECK_EQ(provider.segments().size(), uint64_t{2});
}

void signalDeliveriesAndAdjustments() {
  // A signal delivered while leaf runs (the recorder logs the delivery as
  // its own entry), a handler that returns through a sigreturn system call,
  // then a debugger write that moves the pc (an adjustment).
  VectorHistory history;
  history.add(kMain, 100);                                // 0 mov
  history.add(kLoop, 100);                                // 1 call leaf
  history.add(kLeaf, 100);                                // 2 nop
  history.add(kLeafRet, 100, EntryKind::SignalDelivery);  // 3 interrupted before ret
  history.add(kLeaf, 100);                                // 4 handler
  history.add(kLeafRet, 100);                             // 5 ret (to the restorer)
  history.add(kSyscall, 100);                             // 6 syscall (rt_sigreturn)
  history.add(kLeafRet, 100, EntryKind::Adjustment);      // 7 back at ret; the debugger sets pc
  history.add(kMainRet, 100);                             // 8
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  TableLocator locator = loopProgramLocator();
  RecordedBranchProvider provider(history, code, locator);
  provider.update();
  std::vector<TakenBranch> expected = {
      {1, kLoop, kLeaf, BranchKind::Call, 100},
      {3, kLeafRet, kLeaf, BranchKind::Signal, 100},
      {5, kLeafRet, kSyscall, BranchKind::Return, 100},
      {6, kSyscall, kLeafRet, BranchKind::SystemCall, 100},
  };
  CHECK_EQ(allBranches(provider), expected);
  CHECK_EQ(provider.markers().indicesOf(BranchKind::Signal), (std::vector<uint64_t>{3}));
  CHECK_EQ(provider.markers().indicesOf(BranchKind::SystemCall), (std::vector<uint64_t>{6}));

  const CallSegmentBuilder& segments = provider.segments();
  STOP_UNLESS(segments.size() == 4);
  CHECK_EQ(segments.at(1).function, std::string("leaf"));
  CHECK_EQ(segments.at(1).instructionCount, uint64_t{2});  // nop and the delivery
  CHECK_EQ(segments.at(2).depth, 2);                       // the handler runs on top of leaf
  CHECK(segments.at(2).arrival == BranchKind::Signal);
  CHECK_EQ(segments.at(3).function, std::string("main"));
  CHECK_EQ(segments.at(3).depth, 1);
  CHECK_EQ(segments.at(3).startIndex, uint64_t{6});
  CHECK_EQ(segments.at(3).endIndex, uint64_t{8});
  CHECK_EQ(segments.at(3).instructionCount, uint64_t{2});  // the adjustment is not an instruction
  CHECK(!segments.at(0).arrival.has_value());
  CHECK(segments.at(1).arrival == BranchKind::Call);

  uint64_t leafRetRuns = 0, leafRuns = 0;
  provider.codeSites()->forEach([&](uint64_t address, const CodeSite& site) {
    if (address == kLeafRet) leafRetRuns = site.executions;
    if (address == kLeaf) leafRuns = site.executions;
  });
  CHECK_EQ(leafRetRuns, uint64_t{1});  // the delivery at #3 is not an execution
  CHECK_EQ(leafRuns, uint64_t{2});
}

void unknownAddressesBreakTheChain() {
  // Entries of a thread whose address is unknown (0) are skipped; the
  // thread's next known instruction is not judged against its last one.
  VectorHistory history;
  history.add(kMain, 3);
  history.add(0, 3);
  history.add(0, 3);
  history.add(kLeaf, 3);  // would be a "signal" after mov if judged
  history.add(kLeafRet, 3);
  history.add(kAfterCall, 3);
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  TableLocator locator = loopProgramLocator();
  RecordedBranchProvider provider(history, code, locator);
  provider.update();
  CHECK_EQ(allBranches(provider), (std::vector<TakenBranch>{{4, kLeafRet, kAfterCall, BranchKind::Return, 3}}));
}

void repeatedStringInstructions() {
  // The recorder logs each iteration of `rep stosq` as its own entry at the
  // same pc: not a branch, and one execution of the instruction.
  VectorHistory history;
  for (uint64_t pc : {kRepStos, kRepStos, kRepStos, kRepStos, kFillRet}) history.add(pc, 8);
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  TableLocator locator = loopProgramLocator();
  RecordedBranchProvider provider(history, code, locator);
  provider.update();
  CHECK_EQ(provider.branchCount(), uint64_t{0});
  CHECK_EQ(provider.segments().size(), uint64_t{1});
  CHECK_EQ(provider.segments().at(0).instructionCount, uint64_t{5});
  uint64_t runs = 0;
  provider.codeSites()->forEach([&](uint64_t address, const CodeSite& site) {
    if (address == kRepStos) runs = site.executions;
  });
  CHECK_EQ(runs, uint64_t{1});
}

void threadsTakingTurnsKeepTheirSegments() {
  // Two threads stepped one instruction each in turn (as the recorder does):
  // each keeps one segment per function instance.
  VectorHistory history;
  const std::vector<uint64_t> a = {kMain, kLoop, kLeaf, kLeafRet, kAfterCall, kJne};
  const std::vector<uint64_t> b = {kRepStos, kFillRet, kMainRet};
  for (size_t i = 0; i < a.size(); ++i) {
    history.add(a[i], 1);
    if (i < b.size()) history.add(b[i], 2);
  }
  BufferCodeReader code(kCodeBase, loopProgramBytes());
  TableLocator locator = loopProgramLocator();
  RecordedBranchProvider provider(history, code, locator);
  provider.update();
  const CallSegmentBuilder& segments = provider.segments();
  std::vector<std::string> seen;
  for (uint64_t i = 0; i < segments.size(); ++i) {
    const FunctionSegment segment = segments.at(i);
    seen.push_back(segment.function + "/" + std::to_string(segment.tid) + "/" + std::to_string(segment.depth) + "/" +
                   std::to_string(segment.instructionCount));
  }
  // Thread 1: main (#0, #2), leaf (#4, #6), main (#7, #8); thread 2: fill
  // (#1, #3), then main (#5, after fill's ret) at depth -1.
  CHECK_EQ(seen, (std::vector<std::string>{"main/1/0/2", "fill/2/0/2", "leaf/1/1/2", "main/2/-1/1", "main/1/0/2"}));
  CHECK_EQ(segments.ordinalAt(3), uint64_t{1});  // entry 3 is thread 2's, in fill
  CHECK_EQ(segments.ordinalAt(6), uint64_t{2});  // leaf, though thread 2's main starts later
  CHECK_EQ(segments.ordinalAt(8), uint64_t{4});
  uint64_t switches = 0;
  for (const auto& branch : allBranches(provider)) switches += branch.kind == BranchKind::ThreadSwitch;
  CHECK_EQ(switches, uint64_t{6});
}

}  // namespace

int main() {
  singleThreadLoop();
  threadsAndSignals();
  unreadableCodeAndReturnsBelowTheStart();
  incrementalEqualsOneShot();
  forgottenStartAndRestart();
  signalDeliveriesAndAdjustments();
  unknownAddressesBreakTheChain();
  repeatedStringInstructions();
  threadsTakingTurnsKeepTheirSegments();
  return summary("branch_recorded_provider_test");
}
