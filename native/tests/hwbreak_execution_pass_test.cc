// Execution breakpoints of the debug registers against a real program: an
// execution breakpoint traps before its instruction runs, so a thread
// resumed from its address must be let past it once (the resume flag), or
// it traps again at once. Seen here through a signal handler that keeps the
// interrupted flags register: resuming from the breakpoint's address sets
// the resume flag and resuming elsewhere does not; where the registers
// trap, the run then stops at the next pass only. A recorded run (observed
// single steps) reports reaching the address as a breakpoint, before the
// instruction, and its next step runs the instruction once: the recorder
// never sees a step that did not run; a recorded step whose data watch
// fired is a HardwareTrap stop; a step over a software breakpoint whose
// instruction wrote a watched place is a stop too, not swallowed.
#include <signal.h>

#include <algorithm>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "hwbreak/DebugRegisterProbe.h"
#include "hwbreak/DebugRegisterSlots.h"
#include "support/ControlTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

constexpr unsigned long long kResumeFlag = 1ull << 16;

template <typename T>
T globalValue(LaunchedFixture& fixture, const std::string& name) {
  auto address = fixture.symbols->symbolAddress(name);
  if (!address) throw std::runtime_error("no symbol " + name);
  T value{};
  if (fixture.process->readMemory(*address, &value, sizeof value) != sizeof value)
    throw std::runtime_error("cannot read " + name);
  return value;
}

void armExecution(DebugRegisterSlots& slots, uint64_t address) {
  DebugRegisterAllocator next = slots.allocation();
  if (!next.insertWatch(address, 1, WatchKind::execute, "test").ok) throw std::runtime_error("no execution slot");
  slots.commit(next);
}

// Resumes every thread with SIGUSR1 due to the main one and waits for the
// stop at the software breakpoint at `stopAt`; the first event otherwise.
std::optional<StopEvent> resumeWithSignalTo(LaunchedFixture& fixture, uint64_t stopAt) {
  fixture.process->mainTask().pendingSignal = SIGUSR1;
  if (!fixture.process->memory().addBreakpoint(stopAt)) throw std::runtime_error("cannot place a breakpoint");
  fixture.process->resumeAll();
  auto event = fixture.nextEvent();
  fixture.process->memory().removeBreakpoint(stopAt);
  return event;
}

int testResumeFromExecutionBreakpoint() {
  LaunchedFixture fixture(compileFixture("hwbreak_resume.c"));
  const uint64_t body = fixture.lineAddress("BODY");
  const uint64_t after = fixture.lineAddress("AFTER");
  const bool traps = DebugRegisterProbe::verdict().traps;
  DebugRegisterSlots slots(*fixture.process);
  Task& task = fixture.process->mainTask();

  // First pass, no execution breakpoint: the signal finds the flag clear.
  REQUIRE(fixture.runTo(body));
  auto event = resumeWithSignalTo(fixture, after);
  REQUIRE(event && event->kind == StopKind::Breakpoint && event->address == after);
  CHECK_EQ(globalValue<int>(fixture, "handled"), 1);
  CHECK_EQ(globalValue<unsigned long long>(fixture, "interruptedFlags") & kResumeFlag, 0ull);

  // Second pass: stopped on the body line, an execution breakpoint there.
  REQUIRE(fixture.runTo(body));
  armExecution(slots, body);
  CHECK(fixture.process->executionBreakpoints.count(body) == 1);
  event = resumeWithSignalTo(fixture, after);
  // Not a trap at the place it stood: it ran the line.
  REQUIRE(event && event->kind == StopKind::Breakpoint && event->address == after);
  CHECK_EQ(globalValue<int>(fixture, "handled"), 2);
  CHECK_EQ(globalValue<unsigned long long>(fixture, "interruptedFlags") & kResumeFlag, kResumeFlag);
  CHECK_EQ(globalValue<int>(fixture, "counter"), 1 + 2);

  // On from elsewhere: where the registers trap, the third pass stops before
  // its body runs, and the run goes on from there to the end.
  fixture.process->resumeAll();
  event = fixture.nextEvent();
  if (traps) {
    REQUIRE(event && event->kind == StopKind::HardwareTrap);
    CHECK_EQ(task.pc(), body);
    CHECK_EQ(globalValue<int>(fixture, "counter"), 1 + 2);
    fixture.process->resumeAll();
    event = fixture.nextEvent();
  }
  REQUIRE(event && event->kind == StopKind::ProcessExited);
  CHECK_EQ(event->exitCode, 1 + 2 + 3);
  return 0;
}

// Logs the pc of every step it sees begin.
class StepLog : public StepObserver {
 public:
  bool beforeStep(Task& task) override {
    pcs.push_back(task.pc());
    return false;
  }
  void afterStep(Task&) override {}
  void threadExited(pid_t) override {}
  std::vector<uint64_t> pcs;
};

std::optional<StopEvent> runRecorded(LaunchedFixture& fixture) {
  fixture.process->resumeAll();
  std::vector<StopEvent> out;
  for (int round = 0; round < 1000 && out.empty(); ++round) fixture.process->runRecordedSteps(out, 100);
  if (out.empty()) return std::nullopt;
  return out.front();
}

int testRecordedRunReachesExecutionBreakpoint() {
  LaunchedFixture fixture(compileFixture("hwbreak_resume.c"));
  const uint64_t body = fixture.lineAddress("BODY");
  const uint64_t after = fixture.lineAddress("AFTER");
  DebugRegisterSlots slots(*fixture.process);
  Task& task = fixture.process->mainTask();
  REQUIRE(fixture.runTo(body));
  armExecution(slots, after);
  StepLog log;
  fixture.process->addStepObserver(&log);

  auto event = runRecorded(fixture);
  REQUIRE(event && event->kind == StopKind::Breakpoint && event->address == after);
  CHECK_EQ(task.pc(), after);
  CHECK(std::count(log.pcs.begin(), log.pcs.end(), after) == 0);  // reached, not run
  // The next pass: the instruction at the breakpoint was stepped once.
  event = runRecorded(fixture);
  REQUIRE(event && event->kind == StopKind::Breakpoint && event->address == after);
  CHECK(std::count(log.pcs.begin(), log.pcs.end(), after) == 1);
  CHECK_EQ(globalValue<int>(fixture, "counter"), 1 + 2);
  fixture.process->removeStepObserver(&log);
  return 0;
}

// A recorded step whose data watch of the debug registers fired (where the
// registers trap, that trap comes as the step's own, TRAP_TRACE) ends the
// recorded run as a HardwareTrap stop; DR6 is read through the hook that
// DebugRegisterSlots installs (a stand-in here: no trap comes on a machine
// whose registers do not trap).
int testRecordedStepWithDataTrap() {
  LaunchedFixture fixture(compileFixture("hwbreak_resume.c"));
  const uint64_t body = fixture.lineAddress("BODY");
  const uint64_t after = fixture.lineAddress("AFTER");
  Task& task = fixture.process->mainTask();
  REQUIRE(fixture.runTo(body));
  std::vector<pid_t> asked;
  fixture.process->dataWatchFired = [&](pid_t tid) {
    asked.push_back(tid);
    return fixture.process->task(tid)->pc() == after;  // the step that wrote `counter`
  };
  StepLog log;
  fixture.process->addStepObserver(&log);
  auto event = runRecorded(fixture);
  REQUIRE(event && event->kind == StopKind::HardwareTrap && event->tid == task.tid());
  CHECK_EQ(task.pc(), after);
  CHECK(!asked.empty() && asked.back() == task.tid());
  CHECK_EQ(globalValue<int>(fixture, "counter"), 1);
  fixture.process->removeStepObserver(&log);
  return 0;
}

// A thread resumed from a software breakpoint's address first steps the
// instruction under it alone. Where that instruction writes a watched place
// (the debug registers' trap comes as the step's own, TRAP_TRACE, and DR6
// tells, asked through the same hook as above), the step is a stop to
// report, not one to swallow and run on from.
int testStepOverBreakpointWithDataTrap() {
  LaunchedFixture fixture(compileFixture("hwbreak_resume.c"));
  const uint64_t body = fixture.lineAddress("BODY");
  Task& task = fixture.process->mainTask();
  REQUIRE(fixture.runTo(body));
  REQUIRE(fixture.process->memory().addBreakpoint(body));
  std::vector<uint64_t> askedAt;
  fixture.process->dataWatchFired = [&](pid_t tid) {
    askedAt.push_back(fixture.process->task(tid)->pc());
    return true;  // the stepped instruction wrote a watched place
  };
  fixture.process->resumeAll();
  auto event = fixture.nextEvent();
  REQUIRE(event && event->kind == StopKind::SingleStep && event->tid == task.tid());
  CHECK(task.pc() != body);
  CHECK(askedAt.size() == 1 && askedAt.front() == task.pc());
  CHECK_EQ(globalValue<int>(fixture, "counter"), 0);  // the line's write has not run yet: one instruction only
  // No watch fired: the step over the breakpoint is swallowed and the run
  // goes on to the breakpoint's next pass.
  fixture.process->dataWatchFired = nullptr;
  fixture.process->resumeAll();
  event = fixture.nextEvent();
  REQUIRE(event && event->kind == StopKind::Breakpoint && event->address == body);
  CHECK_EQ(globalValue<int>(fixture, "counter"), 1);
  return 0;
}

}  // namespace

int main() {
  if (testResumeFromExecutionBreakpoint() != 0) ++failures;
  if (testRecordedRunReachesExecutionBreakpoint() != 0) ++failures;
  if (testRecordedStepWithDataTrap() != 0) ++failures;
  if (testStepOverBreakpointWithDataTrap() != 0) ++failures;
  return summary("hwbreak_execution_pass_test");
}
