// SoftwareWatchpoints: data breakpoints without the CPU's debug registers.
// While any watch exists it is one of the Process's step observers, so the
// program "runs" as single steps of every thread (the recorder's machinery,
// shared with it when both are on). After each step it compares the watched
// bytes with their last known contents; a change is news for the thread
// that stepped. Before each step it asks the recorder's WriteSetAnalyzer
// which bytes the instruction will write: a write to watched bytes is news
// too, even one that leaves the value as it was (as a debug register would
// trap). Watches that also stop on reads look at the instruction's memory
// operands (SoftwareAccessDecoder) as well. News makes
// the step a stop (stopAfterStep), after the instruction, as a hardware
// trap would; DataBreakpointTable turns it into the user's hits.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <vector>

#include "control/SoftwareAccessDecoder.h"
#include "process/Process.h"
#include "process/StepObserver.h"
#include "record/MemoryRange.h"
#include "record/WriteSet.h"
#include "record/WriteSetAnalyzer.h"

namespace rwd {

struct SoftwareWatch {
  uint64_t address = 0;
  uint64_t length = 0;
  // Also stop when an instruction reads or writes these bytes without
  // changing them (read and readWrite watches).
  bool accesses = false;
};

// What one step did to watched bytes: `changed` (the bytes in
// [address, address + length) differ from before), `written` (the
// instruction wrote them, maybe with the same value) or else a read.
struct SoftwareWatchHit {
  uint64_t address = 0;
  uint64_t length = 0;
  bool changed = false;
  bool written = false;
};

class SoftwareWatchpoints final : public StepObserver {
 public:
  explicit SoftwareWatchpoints(Process& process) : process_(process) {}
  ~SoftwareWatchpoints() override;
  SoftwareWatchpoints(const SoftwareWatchpoints&) = delete;
  SoftwareWatchpoints& operator=(const SoftwareWatchpoints&) = delete;

  // Replaces what is watched (the program is stopped); today's contents are
  // the reference. With watches this observes the process's steps, without
  // it stops observing (the program runs at full speed again).
  void setWatches(const std::vector<SoftwareWatch>& watches);
  bool empty() const { return watched_.empty(); }
  // The news of `tid`'s steps since the last call, oldest first.
  std::vector<SoftwareWatchHit> takeHits(pid_t tid);
  uint64_t stepsObserved() const { return steps_; }

  bool beforeStep(Task& task) override;
  void afterStep(Task& task) override;
  void threadExited(pid_t tid) override;
  bool stopAfterStep(Task& task) override;

 private:
  struct Watched {
    SoftwareWatch watch;
    std::vector<uint8_t> contents;
  };
  std::vector<uint8_t> read(const SoftwareWatch& watch);

  Process& process_;
  SoftwareAccessDecoder decoder_;
  // Under single steps a `rep` string instruction writes one element a step.
  WriteSetAnalyzer writeAnalyzer_{XsaveLayout::query(), RepeatedString::OneIteration};
  WriteSet scratchWrites_;
  std::vector<Watched> watched_;
  bool watchingAccesses_ = false;
  bool observing_ = false;
  // Accesses seen before a step, made news when the step is done.
  std::map<pid_t, std::vector<SoftwareWatchHit>> accessesInFlight_;
  std::map<pid_t, std::vector<SoftwareWatchHit>> news_;
  std::vector<MemoryRange> scratchAccesses_;
  std::vector<uint8_t> scratchBytes_;
  uint64_t steps_ = 0;
};

}  // namespace rwd
