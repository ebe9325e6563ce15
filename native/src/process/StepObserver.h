// StepObserver: what watches every single step of the program while it runs
// observed — recorded (the recorder implements it) or watched by software
// watchpoints (SoftwareWatchpoints). Process calls beforeStep() right before
// a thread's PTRACE_SINGLESTEP and afterStep() exactly once when that thread
// stops again, whatever the stop; several observers see each step in turn.
// After afterStep(), stopAfterStep() lets an observer end the run at that
// step: Process then reports it as a SingleStep stop.
#pragma once

#include <sys/types.h>

namespace rwd {

class Task;

class StepObserver {
 public:
  virtual ~StepObserver() = default;
  // True when the step may block in the kernel (a system call): the process
  // then does not wait for it and steps other threads meanwhile.
  virtual bool beforeStep(Task& task) = 0;
  virtual void afterStep(Task& task) = 0;
  virtual void threadExited(pid_t tid) = 0;
  // Asked after afterStep(): true when what the thread's step did must stop
  // the program there (a watched value changed). Default: never.
  virtual bool stopAfterStep(Task& task) { return false; }
};

}  // namespace rwd
