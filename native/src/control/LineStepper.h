// LineStepper: one `next`, `stepIn` or `stepOut` in progress. It runs the
// thread alone through the current line's addresses — straight code up to
// the next branch, call or system call (or the line's end) to a temporary
// breakpoint, single steps for those instructions — runs over calls to
// a temporary breakpoint at the return address, and compares frames by CFA
// so recursion is handled; code of inlined functions counts as a call. Each stop of the stepping thread is fed back to
// it until it says the step is done.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "disasm/InstructionDecoder.h"
#include "process/Process.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Unwinder.h"

namespace rwd {

enum class StepMode { Over, Into, Out };

enum class StepDecision {
  Running,   // the stepper resumed the program; wait for the next stop
  Finished,  // report a stop with reason "step"
  Exited,    // nothing left to step (the thread is gone)
};

class LineStepper {
 public:
  LineStepper(Process& process, SymbolIndex& symbols, Unwinder& unwinder);
  ~LineStepper();

  // With `singleThread`, the other threads stay stopped even while a call
  // runs to its end.
  StepDecision start(pid_t tid, StepMode mode, bool singleThread = false);
  StepDecision onSingleStep(Task& task);
  // Nullopt when `address` is not this stepper's temporary breakpoint.
  std::optional<StepDecision> onBreakpoint(Task& task, uint64_t address);
  void cancel();
  bool active() const { return active_; }
  pid_t tid() const { return tid_; }
  // The thread runs alone through straight code to a temporary breakpoint:
  // a quiet stop on the way (a signal passed on) resumes it alone.
  bool runsStraight() const { return active_ && straightRun_; }
  // followFork "child": the step goes on in the forked child, whose stack
  // and code (with the step's temporary breakpoint) are copies of ours.
  void moveTo(pid_t tid) { tid_ = tid; }

 private:
  StepDecision stepOnce(Task& task);
  std::optional<uint64_t> straightCodeEnd(Task& task) const;
  StepDecision afterLeavingRange(Task& task);
  StepDecision runToReturnOf(Task& task, int frameIndex);
  StepDecision runTo(uint64_t address, uint64_t minimumCfa, bool stopThere);
  void clearTemporary();
  void resumeForRun();
  bool beginLine(Task& task);
  bool stepsOnInInlinedCode(uint64_t pc) const;

  Process& process_;
  SymbolIndex& symbols_;
  Unwinder& unwinder_;
  InstructionDecoder decoder_;

  bool active_ = false;
  pid_t tid_ = 0;
  StepMode mode_ = StepMode::Over;
  AddressRange range_{};
  uint64_t frameCfa_ = 0;
  bool lastWasCall = false;
  // Temporary breakpoint: where, the lowest CFA that counts as a hit (so a
  // deeper recursion passing by does not end the step), and whether a hit
  // ends the step or resumes line stepping.
  uint64_t temporary_ = 0;
  uint64_t temporaryMinimumCfa_ = 0;
  bool temporaryEndsStep_ = false;
  bool straightRun_ = false;  // the temporary breakpoint ends a straight run
  int stepOutHops_ = 0;
  bool singleThread_ = false;
  // Inlined calls around the pc where the step began (InlineFrames::chainAt):
  // `next` runs through the code of functions inlined deeper, as over a
  // call; stepping out of an inlined function ends where its code ends.
  std::vector<uint64_t> inlineChain_;
  bool leavingInline_ = false;
};

}  // namespace rwd
