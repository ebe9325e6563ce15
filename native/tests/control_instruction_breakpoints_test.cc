// InstructionBreakpointTable against a real program: breakpoints at
// instruction addresses are installed and hit, ids stay with their address,
// hit conditions and conditions decide which hits stop, a bad hit condition
// changes nothing, and an address without code is reported unverified.
// Hardware ones take debug-register slots (written into the real thread)
// and no breakpoint byte, share the slots with data breakpoints, name the
// holders when the slots run out, and are refused, with the reason, where
// the debug registers do not trap.
#include "control/InstructionBreakpointTable.h"
#include "hwbreak/DebugRegisterSlots.h"
#include "hwbreak/ExecutionSlots.h"
#include "core/DebugError.h"
#include "support/ControlTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

int testHitsAndIds() {
  LaunchedFixture fixture(compileFixture("control_instructions.c"));
  const uint64_t loopCall = fixture.lineAddress("LOOP_CALL");
  const uint64_t twice = *fixture.symbols->symbolAddress("twice");
  std::unique_ptr<DebugRegisterSlots> registers;
  ExecutionSlots hardware([&]() -> DebugRegisterSlots& {
    if (!registers) registers = std::make_unique<DebugRegisterSlots>(*fixture.process);
    return *registers;
  });
  InstructionBreakpointTable table(fixture.process->memory(), hardware);

  auto placed = table.set({{loopCall, "", ">= 2"}, {twice, "", ""}, {0x10, "", ""}});
  REQUIRE(placed.size() == 3);
  CHECK(placed[0].verified && placed[1].verified);
  CHECK(placed[0].id >= InstructionBreakpointTable::kFirstId);
  CHECK(placed[0].id != placed[1].id);
  CHECK(!placed[2].verified);
  CHECK(placed[2].message.find("0x10") != std::string::npos);
  CHECK(fixture.process->memory().hasBreakpoint(loopCall));
  CHECK_EQ(table.idsAt(twice), std::vector<int>{placed[1].id});

  // Setting again keeps the ids; a bad hit condition is refused and keeps the old set.
  auto again = table.set({{twice, "", ""}, {loopCall, "", ">= 2"}});
  CHECK_EQ(again[0].id, placed[1].id);
  CHECK_EQ(again[1].id, placed[0].id);
  bool refused = false;
  try {
    table.set({{twice, "", "sometimes"}});
  } catch (const DebugError& error) { refused = error.kind() == DebugError::BadArgument; }
  CHECK(refused);
  CHECK(fixture.process->memory().hasBreakpoint(loopCall));

  // Run: the loop's call line is hit three times; ">= 2" lets the first pass.
  auto always = [](const std::string&) { return true; };
  std::string problem;
  std::vector<uint64_t> stops;
  Process& process = *fixture.process;
  for (int event = 0; event < 20 && stops.size() < 4; ++event) {
    process.resumeAll();
    auto stop = fixture.nextEvent();
    REQUIRE(stop && stop->kind == StopKind::Breakpoint);
    if (!table.idsThatStop(stop->address, always, problem).empty()) stops.push_back(stop->address);
  }
  // twice() at every iteration, the call line from its second hit on.
  const std::vector<uint64_t> expected = {twice, loopCall, twice, loopCall};
  CHECK_EQ(stops, expected);
  CHECK(problem.empty());

  // Removing them takes the bytes out.
  table.set({});
  CHECK(!process.memory().hasBreakpoint(loopCall));
  CHECK(!process.memory().hasBreakpoint(twice));
  CHECK(table.idsAt(twice).empty());
  return 0;
}

int testConditions() {
  LaunchedFixture fixture(compileFixture("control_instructions.c"));
  const uint64_t twice = *fixture.symbols->symbolAddress("twice");
  std::unique_ptr<DebugRegisterSlots> registers;
  ExecutionSlots hardware([&]() -> DebugRegisterSlots& {
    if (!registers) registers = std::make_unique<DebugRegisterSlots>(*fixture.process);
    return *registers;
  });
  InstructionBreakpointTable table(fixture.process->memory(), hardware);
  auto placed = table.set({{twice, "value == 2", ""}});
  REQUIRE(placed.size() == 1 && placed[0].verified);
  // A condition the caller says is false does not stop; one that cannot be evaluated stops and says why.
  std::string problem;
  auto no = [](const std::string&) { return false; };
  CHECK(table.idsThatStop(twice, no, problem).empty());
  auto broken = [](const std::string&) -> bool {
    throw DebugError(DebugError::BadExpression, "no symbol 'value' in this frame");
  };
  CHECK_EQ(table.idsThatStop(twice, broken, problem), std::vector<int>{placed[0].id});
  CHECK(problem.find("no symbol 'value'") != std::string::npos);
  // After execve the addresses are stale: unverified, and no ids answer.
  table.forgetAfterExec();
  CHECK(table.idsAt(twice).empty());
  return 0;
}

// Hardware breakpoints as on a machine whose debug registers trap: the
// allocation, the absence of breakpoint bytes and the slot messages are
// checked here; the traps themselves only where the probe says they come.
int testHardwareSlots() {
  LaunchedFixture fixture(compileFixture("control_instructions.c"));
  const uint64_t twice = *fixture.symbols->symbolAddress("twice");
  const uint64_t loopCall = fixture.lineAddress("LOOP_CALL");
  DebugRegisterSlots registers(*fixture.process);
  const DebugRegisterVerdict trapping{true, "", 0};
  ExecutionSlots hardware([&]() -> DebugRegisterSlots& { return registers; },
                          [&]() -> const DebugRegisterVerdict& { return trapping; });
  InstructionBreakpointTable table(fixture.process->memory(), hardware);

  // A data breakpoint holds one slot already.
  DebugRegisterAllocator withWatch = registers.allocation();
  REQUIRE(withWatch.insertWatch(0x404040, 8, WatchKind::write, "data breakpoint 'counter' (id 1)").ok);
  registers.commit(withWatch);

  std::vector<InstructionBreakpointSpec> specs;
  for (uint64_t offset = 0; offset < 4; ++offset) specs.push_back({twice + offset, "", "", true});
  auto placed = table.set(specs);
  REQUIRE(placed.size() == 4);
  CHECK(placed[0].verified && placed[1].verified && placed[2].verified);
  CHECK(!placed[3].verified);
  CHECK(placed[3].message.find("All 4 hardware debug registers are in use") == 0);
  CHECK(placed[3].message.find("data breakpoint 'counter' (id 1)") != std::string::npos);
  CHECK(placed[3].message.find("hardware breakpoint at ") != std::string::npos);
  CHECK(!fixture.process->memory().hasBreakpoint(twice));
  CHECK_EQ(registers.allocation().mirror().freeSlotCount(), 0);
  CHECK(fixture.process->hardwareTrapsPossible);

  // Set again with one hardware and one software: the other slots are
  // freed, the data breakpoint keeps its own, the software one has its byte.
  auto again = table.set({{twice, "", "", true}, {loopCall, "", "", false}});
  CHECK(again[0].verified && again[1].verified);
  CHECK_EQ(again[0].id, placed[0].id);
  CHECK_EQ(registers.allocation().mirror().freeSlotCount(), 2);
  CHECK(registers.allocation().describeHolders().find("data breakpoint 'counter'") != std::string::npos);
  CHECK(fixture.process->memory().hasBreakpoint(loopCall));
  CHECK(!fixture.process->memory().hasBreakpoint(twice));
  CHECK_EQ(table.idsAt(twice), std::vector<int>{again[0].id});

  // Removing them all gives the slots back and leaves the data breakpoint's.
  table.uninstallAll();
  CHECK_EQ(registers.allocation().mirror().freeSlotCount(), 3);
  CHECK(!fixture.process->memory().hasBreakpoint(loopCall));
  return 0;
}

// With the verdict of this machine's probe: where the debug registers do
// not trap, a hardware breakpoint is refused with the probe's reason and a
// software one in the same request is set; where they trap, the program
// stops at the hardware one without any byte written.
int testHardwareOnThisMachine() {
  LaunchedFixture fixture(compileFixture("control_instructions.c"));
  const uint64_t twice = *fixture.symbols->symbolAddress("twice");
  const uint64_t loopCall = fixture.lineAddress("LOOP_CALL");
  std::unique_ptr<DebugRegisterSlots> registers;
  ExecutionSlots hardware([&]() -> DebugRegisterSlots& {
    if (!registers) registers = std::make_unique<DebugRegisterSlots>(*fixture.process);
    return *registers;
  });
  InstructionBreakpointTable table(fixture.process->memory(), hardware);
  auto placed = table.set({{twice, "", "", true}, {loopCall, "", "", false}});
  REQUIRE(placed.size() == 2);
  CHECK(placed[1].verified);
  CHECK(!fixture.process->memory().hasBreakpoint(twice));
  const DebugRegisterVerdict& verdict = DebugRegisterProbe::verdict();
  if (!verdict.traps) {
    CHECK(!placed[0].verified);
    CHECK(placed[0].message.find("A hardware breakpoint needs the CPU's debug registers, but " + verdict.explanation) ==
          0);
    CHECK(placed[0].message.find("software mode") != std::string::npos);
    CHECK(table.idsAt(twice).empty());
    return 0;
  }
  CHECK(placed[0].verified);
  fixture.process->resumeAll();
  auto stop = fixture.nextEvent();
  REQUIRE(stop);
  CHECK(stop->kind == StopKind::HardwareTrap);
  auto hits = registers->takeHits(stop->tid);
  REQUIRE(hits.size() == 1);
  CHECK_EQ(hits[0].state.address, twice);
  CHECK(hits[0].state.kind == WatchKind::execute);
  return 0;
}

}  // namespace

int main() {
  if (testHitsAndIds() != 0) ++failures;
  if (testConditions() != 0) ++failures;
  if (testHardwareSlots() != 0) ++failures;
  if (testHardwareOnThisMachine() != 0) ++failures;
  return summary("control_instruction_breakpoints_test");
}
