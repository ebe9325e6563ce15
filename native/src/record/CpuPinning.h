// CpuPinning: keeps a recorded program on one CPU while it is recorded. The
// kernel writes the CPU number into each thread's rseq area (glibc registers
// one per thread) whenever the thread returns to user space on another CPU;
// those writes come from no instruction and no system call, so the history
// cannot hold them, and travelling back would show the CPU number of the
// present. On one CPU the number never changes. The CPU chosen is the one the
// main thread last ran on, so the number it already holds stays right.
// Threads created later inherit the mask; the destructor gives every live
// thread its old mask back (new ones the main thread's old mask).
#pragma once

#include <sched.h>
#include <sys/types.h>

#include <vector>

namespace rwd {

class CpuPinning {
 public:
  // Pins the threads of process `processId` to one CPU. Does nothing where
  // the affinity cannot be read or set; recording goes on regardless.
  CpuPinning(pid_t processId, const std::vector<pid_t>& threads);
  ~CpuPinning();
  CpuPinning(const CpuPinning&) = delete;
  CpuPinning& operator=(const CpuPinning&) = delete;

  // The CPU every thread runs on, or -1 when pinning was not possible.
  int cpu() const { return cpu_; }

 private:
  struct SavedMask {
    pid_t tid;
    cpu_set_t mask;
  };
  int cpu_ = -1;
  pid_t mainThread_ = 0;
  std::vector<SavedMask> saved_;
};

}  // namespace rwd
