// InstructionStepper: stepi, nexti and instruction-level step out.
#include "control/InstructionStepper.h"

#include <array>

namespace rwd {

InstructionStepper::InstructionStepper(Process& process, Unwinder& unwinder) : process_(process), unwinder_(unwinder) {}

InstructionStepper::~InstructionStepper() { clearTemporary(); }

void InstructionStepper::clearTemporary() {
  if (temporary_ && process_.isAlive()) process_.memory().removeBreakpoint(temporary_);
  temporary_ = 0;
}

void InstructionStepper::cancel() {
  clearTemporary();
  active_ = false;
}

void InstructionStepper::resumeForRun() {
  Task* task = process_.task(tid_);
  if (singleThread_ && task) process_.resumeThread(*task);
  else process_.resumeAll();
}

StepDecision InstructionStepper::start(pid_t tid, StepMode mode, bool singleThread) {
  cancel();
  Task* task = process_.task(tid);
  if (!task) return StepDecision::Exited;
  active_ = true;
  tid_ = tid;
  singleThread_ = singleThread;
  if (!process_.allStopped()) process_.stopAll();
  if (mode == StepMode::Out) {
    auto frames = unwinder_.frames(tid, 0, 2);
    if (frames.size() < 2) {
      // The outermost frame: nothing to return to; run on.
      active_ = false;
      resumeForRun();
      return StepDecision::Running;
    }
    // After the return, rsp is the returning frame's CFA.
    return runTo(frames[1].pc, frames[0].cfa);
  }
  std::array<uint8_t, 16> bytes{};
  const uint64_t pc = task->pc();
  const size_t got = process_.readMemory(pc, bytes.data(), bytes.size());
  auto instruction = decoder_.decode(bytes.data(), got, pc);
  if (mode == StepMode::Over && instruction && instruction->isCall) {
    // Back in this frame, rsp is what it is now (the call pushed, the return popped).
    return runTo(pc + instruction->length, task->registers().rsp);
  }
  // Wait for the trap at once unless the instruction may block (a system call).
  process_.singleStep(*task, instruction && !instruction->isSystemCall);
  return StepDecision::Running;
}

StepDecision InstructionStepper::runTo(uint64_t address, uint64_t minimumStack) {
  clearTemporary();
  if (!process_.memory().addBreakpoint(address)) {
    active_ = false;
    return StepDecision::Finished;  // cannot place it: stay where we are
  }
  temporary_ = address;
  minimumStack_ = minimumStack;
  resumeForRun();
  return StepDecision::Running;
}

StepDecision InstructionStepper::onSingleStep(Task&) {
  active_ = false;
  return StepDecision::Finished;
}

std::optional<StepDecision> InstructionStepper::onBreakpoint(Task& task, uint64_t address) {
  if (!active_ || address != temporary_) return std::nullopt;
  if (task.tid() != tid_ || task.registers().rsp < minimumStack_) {
    resumeForRun();  // another thread, or a deeper recursion: not ours
    return StepDecision::Running;
  }
  clearTemporary();
  active_ = false;
  if (!process_.allStopped()) process_.stopAll();
  return StepDecision::Finished;
}

}  // namespace rwd
