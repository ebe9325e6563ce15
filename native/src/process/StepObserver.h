// StepObserver: what watches every single step of the program while it is
// being recorded. Process calls beforeStep() right before a thread's
// PTRACE_SINGLESTEP and afterStep() exactly once when that thread stops
// again, whatever the stop; the recorder implements it.
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
};

}  // namespace rwd
