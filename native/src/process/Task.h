// Task: one thread of the debuggee — its registers (cached while stopped),
// its run state, and the ptrace calls that resume it.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <string>

namespace rwd {

class RelocatedCode;

class Task {
 public:
  explicit Task(pid_t tid);
  pid_t tid() const { return tid_; }

  bool isStopped() const { return stopped_; }
  void markStopped() { stopped_ = true; }

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
  // How it was last resumed, to resume it the same way after an event stop.
  bool lastResumeWasStep = false;
  // While recording: a step the StepObserver saw begin and not yet end, and
  // whether the thread "runs" as recorded single steps.
  bool observedStepInFlight = false;
  bool recordedRun = false;

  std::string name() const;

 private:
  pid_t tid_;
  bool stopped_ = true;
  bool registersValid_ = false;
  user_regs_struct registers_{};
  const RelocatedCode* relocated_ = nullptr;
};

}  // namespace rwd
