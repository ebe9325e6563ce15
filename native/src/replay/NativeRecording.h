// NativeRecording: what a native recording keeps — the event log, the files
// the program mapped, the rdtsc sites patched to trap, the fork checkpoints
// (stopped copies of the program at known events, owned: they die with the
// recording) and why recording ended.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "replay/MappedFile.h"
#include "replay/NativeCheckpoints.h"
#include "replay/NativeEvent.h"

namespace rwd {

struct NativeRecording {
  std::vector<NativeEvent> events;
  std::vector<MappedFile> mappedFiles;
  NativeCheckpoints checkpoints;
  // Empty when the program ran to its exit; otherwise why recording stopped
  // (the events before it remain replayable).
  std::string stopReason;
  bool reachedExit = false;
  int exitStatus = 0;  // waitpid status of the recorded program, when it ended

  // Whether cpuid was trapped and logged; when not (the processor cannot make
  // it fault), the program and its checkpoints are pinned to `pinnedCpu`.
  bool cpuidTrapped = false;
  int pinnedCpu = -1;
  // Whether rdtsc faults by itself (PR_SET_TSC); when not, the rdtsc/rdtscp
  // instructions found in the program's code were patched to ud2: address → length.
  bool rdtscTrapped = false;
  std::unordered_map<uint64_t, uint8_t> tscSites;

  // The in-process system-call buffer (SyscallBufferLayout.h): whether the
  // program's library registered it, at which event (checkpoints after it
  // hold a buffer whose mode word replay turns off), how many calls went
  // through it, and the line telling the user it is used or why not.
  struct SyscallBufferUse {
    bool registered = false;
    size_t registrationEvent = 0;
    size_t bufferedCalls = 0;
    std::string note;
  } syscallBuffer;

  // Cost figures: checkpoints forked (some may have been thinned out since)
  // and the time spent forking them.
  size_t checkpointsTaken = 0;
  size_t preemptions = 0;  // threads interrupted after a time slice (Preempt events)
  double checkpointMilliseconds = 0;
};

}  // namespace rwd
