// InstructionStepper against a real program: stepIn moves the pc by exactly
// one instruction's length (or into a called function), next runs a call to
// its return address, and the stack check keeps a recursive call's deeper
// returns from ending a `next` over it early; stepOut stops at the return
// address in the caller.
#include <array>

#include "control/InstructionStepper.h"
#include "disasm/InstructionDecoder.h"
#include "support/ControlTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

DecodedInstruction instructionAt(LaunchedFixture& fixture, uint64_t pc) {
  static InstructionDecoder decoder;
  std::array<uint8_t, 16> bytes{};
  size_t got = fixture.process->readMemory(pc, bytes.data(), bytes.size());
  auto decoded = decoder.decode(bytes.data(), got, pc);
  if (!decoded) throw std::runtime_error("no instruction at the pc");
  return *decoded;
}

// Feeds the stepper the events of its thread until it says Finished.
bool finish(LaunchedFixture& fixture, InstructionStepper& stepper, StepDecision decision) {
  while (decision == StepDecision::Running) {
    auto event = fixture.nextEvent();
    if (!event) return false;
    Task* task = fixture.process->task(event->tid);
    if (!task) return false;
    if (event->kind == StopKind::SingleStep && stepper.active() && event->tid == stepper.tid()) {
      decision = stepper.onSingleStep(*task);
    } else if (event->kind == StopKind::Breakpoint) {
      auto answer = stepper.onBreakpoint(*task, event->address);
      if (!answer) return false;
      decision = *answer;
    } else {
      return false;
    }
  }
  return decision == StepDecision::Finished;
}

int testStepInAndNext() {
  LaunchedFixture fixture(compileFixture("control_instructions.c"));
  REQUIRE(fixture.runTo(fixture.lineAddress("LOOP_CALL")));
  Task& task = fixture.process->mainTask();
  InstructionStepper stepper(*fixture.process, *fixture.unwinder);

  // stepIn over plain instructions: the pc moves by each one's length.
  int steps = 0;
  while (!instructionAt(fixture, task.pc()).isCall) {
    const uint64_t before = task.pc();
    const uint8_t length = instructionAt(fixture, before).length;
    REQUIRE(finish(fixture, stepper, stepper.start(task.tid(), StepMode::Into)));
    CHECK_EQ(task.pc(), before + length);
    REQUIRE(++steps < 20);
  }
  CHECK(steps > 0);

  // next over the call: back at the return address, stack as before.
  const uint64_t callAt = task.pc();
  const uint64_t returnAddress = callAt + instructionAt(fixture, callAt).length;
  const uint64_t stackBefore = task.registers().rsp;
  REQUIRE(finish(fixture, stepper, stepper.start(task.tid(), StepMode::Over)));
  CHECK_EQ(task.pc(), returnAddress);
  CHECK_EQ(task.registers().rsp, stackBefore);
  CHECK(!fixture.process->memory().hasBreakpoint(returnAddress));  // the temporary breakpoint is gone

  // Next time round the loop: stepIn at the call enters twice().
  REQUIRE(fixture.runTo(callAt));
  REQUIRE(finish(fixture, stepper, stepper.start(task.tid(), StepMode::Into)));
  auto function = fixture.symbols->functionAt(task.pc());
  REQUIRE(function.has_value());
  CHECK_EQ(function->first, std::string("twice"));
  CHECK_EQ(function->second, task.pc());

  // stepOut of twice(): at the return address in main.
  REQUIRE(finish(fixture, stepper, stepper.start(task.tid(), StepMode::Out)));
  CHECK_EQ(task.pc(), returnAddress);
  CHECK_EQ(fixture.symbols->functionAt(task.pc())->first, std::string("main"));
  CHECK(!stepper.active());
  return 0;
}

int testNextOverRecursion() {
  LaunchedFixture fixture(compileFixture("control_instructions.c"));
  // The first stop at the recursive call is factorial(4) calling factorial(3).
  REQUIRE(fixture.runTo(fixture.lineAddress("RECURSE")));
  Task& task = fixture.process->mainTask();
  InstructionStepper stepper(*fixture.process, *fixture.unwinder);
  int steps = 0;
  while (!instructionAt(fixture, task.pc()).isCall) {
    REQUIRE(finish(fixture, stepper, stepper.start(task.tid(), StepMode::Into)));
    REQUIRE(++steps < 20);
  }
  const uint64_t stackBefore = task.registers().rsp;
  REQUIRE(finish(fixture, stepper, stepper.start(task.tid(), StepMode::Over)));
  // Deeper calls returned to the same address first; only factorial(3)
  // returning to this frame ends the step, with 3! in rax.
  CHECK_EQ(task.registers().rsp, stackBefore);
  CHECK_EQ(task.registers().rax, uint64_t{6});
  return 0;
}

}  // namespace

int main() {
  if (testStepInAndNext() != 0) ++failures;
  if (testNextOverRecursion() != 0) ++failures;
  return summary("control_instruction_stepper_test");
}
