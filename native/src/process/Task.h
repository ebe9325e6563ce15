// Task: one thread of the debuggee — its registers (cached while stopped),
// its run state, and the ptrace calls that resume it.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <string>
#include <utility>

namespace rwd {

class RelocatedCode;

class Task {
 public:
  explicit Task(pid_t tid);
  pid_t tid() const { return tid_; }

  // Where the thread is, as this debugger left it. Task is its one owner:
  // only markStopped() (a wait status said so) and the resume calls below
  // change it. A thread that exits leaves its Process (no task remains).
  enum class RunState { Stopped, Running, Stepping, RunningToSyscallExit };
  RunState runState() const { return state_; }
  bool isStopped() const { return state_ == RunState::Stopped; }
  void markStopped() { state_ = RunState::Stopped; }
  // How it was last resumed (kept while it is stopped).
  bool lastResumeWasStep() const { return lastResumeWasStep_; }

  // Registers of the stopped thread, read once per stop. A thread inside
  // one of the debugger's trampolines shows the original code's place.
  const user_regs_struct& registers();
  void showRelocatedCodeThrough(const RelocatedCode* relocated) { relocated_ = relocated; }
  void setRegisters(const user_regs_struct& regs);
  uint64_t pc() { return registers().rip; }
  void setPc(uint64_t pc);
  // Sets the CPU's resume flag (x86 RFLAGS.RF): the next instruction runs
  // without an execution breakpoint of the debug registers trapping at it;
  // the CPU clears the flag once that instruction is done.
  void setResumeFlag();

  // Resume; `signal` is delivered to the thread (0 = none). False when the
  // thread is gone.
  bool resume(int signal = 0);
  bool singleStep(int signal = 0);
  // From a system-call entry stop: run the call and stop at its exit
  // (PTRACE_SYSCALL); how it was resumed before is kept.
  bool resumeToSyscallExit();
  // After an event stop inside a system call (clone, fork, exec…) or one
  // the native recorder consumed: on as it was going (a step stays one step).
  bool resumeAsBefore() { return lastResumeWasStep_ ? singleStep() : resume(); }

  // While step observers watch (recording, software watchpoints), a thread
  // "runs" as observed single steps that Process makes one at a time: the
  // kernel sees a stopped or stepping thread, the user a running one.
  bool inRecordedRun() const { return recordedRun_; }
  void startRecordedRun() { recordedRun_ = true; }
  void endRecordedRun() { recordedRun_ = false; }
  // A step the StepObserver saw begin and not yet end.
  bool observedStepInFlight() const { return observedStepInFlight_; }
  void beginObservedStep() { observedStepInFlight_ = true; }
  // Ends the observed step in flight; false when there was none.
  bool endObservedStep() { return std::exchange(observedStepInFlight_, false); }

  // A SIGSTOP this debugger sent and has not yet seen.
  bool expectingStop = false;
  // A signal to hand to the program when it next resumes.
  int pendingSignal = 0;
  // Breakpoint address this thread is stepping over (0 = none).
  uint64_t steppingOverBreakpoint = 0;
  // Stopped on a breakpoint whose hit was dropped while stopping threads:
  // resume it without stepping over, so it hits the breakpoint again. It
  // stays set until the thread stops away from the breakpoint's address.
  bool rehitPending = false;

  std::string name() const;

 private:
  pid_t tid_;
  RunState state_ = RunState::Stopped;
  bool lastResumeWasStep_ = false;
  bool recordedRun_ = false;
  bool observedStepInFlight_ = false;
  bool registersValid_ = false;
  user_regs_struct registers_{};
  const RelocatedCode* relocated_ = nullptr;
};

}  // namespace rwd
