// InstructionBreakpointTable against a real program: breakpoints at
// instruction addresses are installed and hit, ids stay with their address,
// hit conditions and conditions decide which hits stop, a bad hit condition
// changes nothing, and an address without code is reported unverified.
#include "control/InstructionBreakpointTable.h"
#include "protocol/RequestError.h"
#include "support/ControlTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

int testHitsAndIds() {
  LaunchedFixture fixture(compileFixture("control_instructions.c"));
  const uint64_t loopCall = fixture.lineAddress("LOOP_CALL");
  const uint64_t twice = *fixture.symbols->symbolAddress("twice");
  InstructionBreakpointTable table(fixture.process->memory());

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
  } catch (const RequestError& error) {
    refused = error.code() == "BadRequest";
  }
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
  InstructionBreakpointTable table(fixture.process->memory());
  auto placed = table.set({{twice, "value == 2", ""}});
  REQUIRE(placed.size() == 1 && placed[0].verified);
  // A condition the caller says is false does not stop; one that cannot be evaluated stops and says why.
  std::string problem;
  auto no = [](const std::string&) { return false; };
  CHECK(table.idsThatStop(twice, no, problem).empty());
  auto broken = [](const std::string&) -> bool { throw RequestError("BadRequest", "no symbol 'value' in this frame"); };
  CHECK_EQ(table.idsThatStop(twice, broken, problem), std::vector<int>{placed[0].id});
  CHECK(problem.find("no symbol 'value'") != std::string::npos);
  // After execve the addresses are stale: unverified, and no ids answer.
  table.forgetAfterExec();
  CHECK(table.idsAt(twice).empty());
  return 0;
}

}  // namespace

int main() {
  if (testHitsAndIds() != 0) ++failures;
  if (testConditions() != 0) ++failures;
  return summary("control_instruction_breakpoints_test");
}
