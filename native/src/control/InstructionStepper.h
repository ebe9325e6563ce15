// InstructionStepper: one `next`, `stepIn` or `stepOut` at instruction
// granularity, with LineStepper's interface so the run controller can
// drive either. stepIn is one PTRACE_SINGLESTEP; next is the same unless
// the instruction is a call, which runs to the return address; stepOut
// runs to the return address of the current frame. A return counts only
// when the stack pointer is back where the call left it (the callee's
// CFA), so a deeper recursion passing the same address does not end the
// step.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>

#include "control/LineStepper.h"
#include "disasm/InstructionDecoder.h"
#include "process/Process.h"
#include "symbols/Unwinder.h"

namespace rwd {

class InstructionStepper {
 public:
  InstructionStepper(Process& process, Unwinder& unwinder);
  ~InstructionStepper();
  InstructionStepper(const InstructionStepper&) = delete;
  InstructionStepper& operator=(const InstructionStepper&) = delete;

  // With `singleThread`, the other threads stay stopped even while a call
  // runs to its end.
  StepDecision start(pid_t tid, StepMode mode, bool singleThread = false);
  // The stepping thread finished its single step.
  StepDecision onSingleStep(Task& task);
  // Nullopt when `address` is not this stepper's temporary breakpoint.
  std::optional<StepDecision> onBreakpoint(Task& task, uint64_t address);
  void cancel();
  bool active() const { return active_; }
  pid_t tid() const { return tid_; }

 private:
  // Runs until `address` is reached with rsp >= `minimumStack`.
  StepDecision runTo(uint64_t address, uint64_t minimumStack);
  void resumeForRun();
  void clearTemporary();

  Process& process_;
  Unwinder& unwinder_;
  InstructionDecoder decoder_;
  bool active_ = false;
  pid_t tid_ = 0;
  bool singleThread_ = false;
  uint64_t temporary_ = 0;
  uint64_t minimumStack_ = 0;
};

}  // namespace rwd
