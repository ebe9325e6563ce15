// Unit tests for Unwinder on traced programs: function names and lines of
// each frame, return addresses and CFAs checked against the stack itself,
// paging (any window equals the same window of the full walk, and a page
// does not claim the end of a deeper stack), a 1,000-deep recursion, and
// currentCfa staying fixed while a prologue or a PLT stub moves rsp, and
// unwinding a new image after execve in the same process.
#include <string>

#include "support/SymbolsTestSupport.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Unwinder.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

std::string functionName(SymbolIndex& symbols, const Frame& frame) {
  auto function = symbols.functionAt(frame.lookupPc);
  return function ? function->first : "??";
}

int lineOf(SymbolIndex& symbols, const Frame& frame) {
  auto location = symbols.locationAt(frame.lookupPc);
  return location ? location->line : -1;
}

void checkSameFrame(const Frame& actual, const Frame& expected) {
  CHECK_EQ(actual.index, expected.index);
  CHECK_EQ(actual.pc, expected.pc);
  CHECK_EQ(actual.lookupPc, expected.lookupPc);
  CHECK_EQ(actual.cfa, expected.cfa);
  CHECK(actual.registers.value == expected.registers.value);
  CHECK(actual.registers.known == expected.registers.known);
}

int testCallChain() {
  auto program = compileFixture("symbols_program.c");
  TracedProgram process(program.binary);
  SymbolIndex symbols(process);
  Unwinder unwinder(symbols, process);
  symbols.refresh();
  REQUIRE(process.runToLine(symbols, program.source, markerLine(program.source, "inner_body")) != 0);
  symbols.refresh();
  const pid_t tid = process.processId();

  bool reachedEnd = false;
  auto all = unwinder.frames(tid, 0, 1000, &reachedEnd);
  CHECK(reachedEnd);
  REQUIRE(all.size() >= 4);
  CHECK_EQ(functionName(symbols, all[0]), std::string("inner"));
  CHECK_EQ(functionName(symbols, all[1]), std::string("outer"));
  CHECK_EQ(functionName(symbols, all[2]), std::string("main"));
  CHECK_EQ(lineOf(symbols, all[0]), markerLine(program.source, "inner_body"));
  CHECK_EQ(lineOf(symbols, all[1]), markerLine(program.source, "call_inner"));
  CHECK_EQ(lineOf(symbols, all[2]), markerLine(program.source, "call_outer"));
  CHECK_EQ(functionName(symbols, all.back()), std::string("_start"));

  const auto regs = process.registers();
  CHECK_EQ(all[0].pc, regs.rip);
  CHECK_EQ(all[0].lookupPc, regs.rip);
  CHECK_EQ(all[0].registers.value[7], regs.rsp);
  CHECK_EQ(all[0].registers.value[6], regs.rbp);
  // After the prologue of -O0 code, CFA = rbp + 16 and the return address
  // sits just below the CFA.
  CHECK_EQ(all[0].cfa, regs.rbp + 16);
  CHECK_EQ(unwinder.currentCfa(tid), all[0].cfa);
  for (size_t i = 0; i + 1 < all.size(); ++i) {
    CHECK(all[i + 1].registers.known[7]);
    CHECK_EQ(all[i].cfa, all[i + 1].registers.value[7]);
    CHECK_EQ(all[i + 1].pc, process.readWord(all[i].cfa - 8));
    CHECK_EQ(all[i + 1].lookupPc, all[i + 1].pc - 1);
    CHECK_EQ(all[i + 1].index, static_cast<int>(i + 1));
  }
  // Saved rbp of the caller is where the callee's rbp points.
  CHECK(all[1].registers.known[6]);
  CHECK_EQ(all[1].registers.value[6], process.readWord(regs.rbp));
  CHECK(all.back().cfa != 0);

  // Pages are windows of the full walk.
  for (int start = 0; start < static_cast<int>(all.size()); ++start) {
    bool end = false;
    auto one = unwinder.frames(tid, start, 1, &end);
    REQUIRE(one.size() == 1);
    checkSameFrame(one[0], all[start]);
    CHECK_EQ(end, start + 1 == static_cast<int>(all.size()));
  }
  bool end = true;
  auto firstTwo = unwinder.frames(tid, 0, 2, &end);
  CHECK_EQ(firstTwo.size(), size_t(2));
  CHECK(!end);
  auto rest = unwinder.frames(tid, 2, 100, &end);
  CHECK(end);
  REQUIRE(rest.size() == all.size() - 2);
  for (size_t i = 0; i < rest.size(); ++i) checkSameFrame(rest[i], all[i + 2]);
  CHECK(unwinder.frames(tid, static_cast<int>(all.size()), 5, &end).empty());
  CHECK(end);
  CHECK(unwinder.frames(tid, 0, 0).empty());
  CHECK(unwinder.frames(tid + 100000, 0, 5).empty());

  // Through a prologue, instruction by instruction, the CFA stays put.
  process.removeAllBreakpoints();
  auto innerEntry = symbols.symbolAddress("inner");
  REQUIRE(innerEntry);
  process.insertBreakpoint(*innerEntry);
  REQUIRE(process.continueToBreakpoint() == *innerEntry);
  process.removeAllBreakpoints();
  const uint64_t entryCfa = process.registers().rsp + 8;
  CHECK_EQ(unwinder.currentCfa(tid), entryCfa);
  auto body = symbols.addressAfterPrologue(*innerEntry);
  REQUIRE(body);
  int steps = 0;
  while (process.pc() != *body && steps < 50) {
    REQUIRE(process.singleStep());
    ++steps;
    CHECK_EQ(unwinder.currentCfa(tid), entryCfa);
    auto frames = unwinder.frames(tid, 0, 2);
    REQUIRE(frames.size() == 2);
    CHECK_EQ(frames[0].cfa, entryCfa);
    CHECK_EQ(functionName(symbols, frames[1]), std::string("outer"));
  }
  CHECK(steps >= 3);
  return 0;
}

// A PLT stub has CFI written as an expression (DW_CFA_def_cfa_expression)
// that depends on rip; the CFA must not move while the stub pushes.
int testThroughPlt() {
  auto program = compileFixture("symbols_program.c", "-g -O0 -Wl,-z,lazy");
  TracedProgram process(program.binary);
  SymbolIndex symbols(process);
  Unwinder unwinder(symbols, process);
  symbols.refresh();
  REQUIRE(process.runToLine(symbols, program.source, markerLine(program.source, "call_outer") + 1) != 0);
  symbols.refresh();
  const pid_t tid = process.processId();
  auto main = symbols.functionAt(process.pc());
  auto text = symbols.symbolAddress("_start");
  REQUIRE(main && text);
  int steps = 0;
  while (symbols.functionAt(process.pc()) == main && steps < 200) {
    REQUIRE(process.singleStep());
    ++steps;
  }
  // Now at the first instruction of printf@plt, below the program's code.
  REQUIRE(process.pc() < *text);
  const uint64_t cfa = process.registers().rsp + 8;
  int inStub = 0;
  while (process.pc() < *text && symbols.moduleAt(process.pc()) && inStub < 10) {
    CHECK_EQ(unwinder.currentCfa(tid), cfa);
    auto frames = unwinder.frames(tid, 0, 2);
    REQUIRE(frames.size() == 2);
    CHECK_EQ(frames[0].cfa, cfa);
    CHECK_EQ(functionName(symbols, frames[1]), std::string("main"));
    REQUIRE(process.singleStep());
    ++inStub;
  }
  CHECK(inStub >= 3);  // the jump, the push, the jump to the resolver stub (lazy binding)
  return 0;
}

int testDeepRecursion() {
  auto program = compileFixture("symbols_recursion.c");
  TracedProgram process(program.binary, {"1000"});
  SymbolIndex symbols(process);
  Unwinder unwinder(symbols, process);
  symbols.refresh();
  REQUIRE(process.runToLine(symbols, program.source, markerLine(program.source, "bottom")) != 0);
  symbols.refresh();
  const pid_t tid = process.processId();

  bool end = true;
  auto top = unwinder.frames(tid, 0, 20, &end);
  CHECK(!end);
  REQUIRE(top.size() == 20);
  for (const auto& frame : top) CHECK_EQ(functionName(symbols, frame), std::string("descend"));
  CHECK_EQ(lineOf(symbols, top[0]), markerLine(program.source, "bottom"));
  CHECK_EQ(lineOf(symbols, top[1]), markerLine(program.source, "recurse"));

  auto all = unwinder.frames(tid, 0, 100000, &end);
  CHECK(end);
  REQUIRE(all.size() > 1002);
  CHECK_EQ(functionName(symbols, all[1000]), std::string("descend"));
  CHECK_EQ(functionName(symbols, all[1001]), std::string("main"));
  CHECK_EQ(lineOf(symbols, all[1001]), markerLine(program.source, "call"));

  auto window = unwinder.frames(tid, 990, 10, &end);
  CHECK(!end);
  REQUIRE(window.size() == 10);
  for (size_t i = 0; i < window.size(); ++i) checkSameFrame(window[i], all[990 + i]);
  auto tail = unwinder.frames(tid, 1000, 1000, &end);
  CHECK(end);
  CHECK_EQ(tail.size(), all.size() - 1000);
  return 0;
}

int testAfterExec() {
  auto program = compileFixture("symbols_exec.c");
  TracedProgram process(program.binary);
  SymbolIndex symbols(process);
  Unwinder unwinder(symbols, process);
  symbols.refresh();
  REQUIRE(process.runToLine(symbols, program.source, markerLine(program.source, "before_exec")) != 0);
  symbols.refresh();
  const pid_t tid = process.processId();
  auto before = unwinder.frames(tid, 0, 10);
  REQUIRE(!before.empty());
  CHECK_EQ(functionName(symbols, before[0]), std::string("main"));
  const uint64_t oldMain = before[0].pc;

  REQUIRE(process.continueToExec());
  std::vector<ModuleInfo> removed;
  symbols.refresh(&removed);
  CHECK(!removed.empty());
  REQUIRE(process.runToLine(symbols, program.source, markerLine(program.source, "after_exec")) != 0);
  symbols.refresh();
  bool end = false;
  auto after = unwinder.frames(tid, 0, 10, &end);
  CHECK(end);
  REQUIRE(after.size() >= 2);
  CHECK_EQ(functionName(symbols, after[0]), std::string("after_exec"));
  CHECK_EQ(functionName(symbols, after[1]), std::string("main"));
  CHECK_EQ(lineOf(symbols, after[0]), markerLine(program.source, "after_exec"));
  CHECK_EQ(after[0].cfa, unwinder.currentCfa(tid));
  CHECK(after[0].pc != oldMain);
  return 0;
}

}  // namespace

int main() {
  if (testCallChain() != 0) ++failures;
  if (testThroughPlt() != 0) ++failures;
  if (testDeepRecursion() != 0) ++failures;
  if (testAfterExec() != 0) ++failures;
  return summary("symbols_unwinder_test");
}
