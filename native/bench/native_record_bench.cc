// rewind-native-bench: measures the native recording engine on one program
// for the benchmark (test/bench/nativeRecordBench.ts). Records the program
// (its output to /dev/null), then replays the recording from its first
// checkpoint to the exit, checked; prints one JSON object: recording and
// replay wall times, event counts (and how many calls went through the
// system-call buffer: REWIND_SYSCALLBUF=off records without it),
// checkpoints and their fork cost, and the memory the checkpoints hold. Exit status 1
// with a message when recording or replay fails.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <string>

#include <nlohmann/json.hpp>

#include "replay/NativeRecorder.h"
#include "replay/NativeReplayer.h"

namespace {

double millisecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
}

// The anonymous memory a process holds, its shared pages divided among their
// sharers (Pss_Anon), in bytes: summed over the checkpoints once the program
// has ended, what they keep alive.
uint64_t proportionalAnonymousBytes(pid_t pid) {
  std::ifstream rollup("/proc/" + std::to_string(pid) + "/smaps_rollup");
  std::string key;
  std::getline(rollup, key);  // the address-range line
  uint64_t kilobytes = 0, total = 0;
  std::string unit;
  while (rollup >> key >> kilobytes >> unit) {
    if (key == "Pss_Anon:") total += kilobytes;
  }
  return total * 1024;
}

}  // namespace

int main(int argc, char** argv) {
  // --record-only: no replay (a threaded compute program's preemption
  // points are found by counting passes, which is not what this times).
  const bool recordOnly = argc > 1 && std::string(argv[1]) == "--record-only";
  const int first = recordOnly ? 2 : 1;
  if (argc <= first) {
    std::fprintf(stderr, "usage: rewind-native-bench [--record-only] PROGRAM [ARGUMENTS...]\n");
    return 2;
  }
  try {
    rwd::NativeRecorder::Options options;
    options.program = argv[first];
    for (int i = first + 1; i < argc; ++i) options.arguments.push_back(argv[i]);
    options.outputFd = ::open("/dev/null", O_WRONLY | O_CLOEXEC);
    const auto recordStart = std::chrono::steady_clock::now();
    rwd::NativeRecorder recorder(options);
    rwd::NativeRecording recording = recorder.record();
    const double recordMs = millisecondsSince(recordStart);
    if (!recording.reachedExit) {
      std::fprintf(stderr, "recording stopped: %s\n", recording.stopReason.c_str());
      return 1;
    }
    uint64_t checkpointBytes = 0;
    for (const rwd::NativeCheckpoint& checkpoint : recording.checkpoints)
      checkpointBytes += proportionalAnonymousBytes(checkpoint.pid);
    size_t syscalls = 0;
    for (const rwd::NativeEvent& event : recording.events) syscalls += event.kind == rwd::NativeEvent::Kind::Syscall;
    const auto replayStart = std::chrono::steady_clock::now();
    if (!recordOnly) {
      rwd::NativeReplayer replayer(recording, 0);
      replayer.runTo(recording.events.size());
    }
    const double replayMs = millisecondsSince(replayStart);
    nlohmann::json figures = {
        {"recordMs", recordMs},
        {"replayMs", replayMs},
        {"events", recording.events.size()},
        {"syscalls", syscalls},
        {"checkpointsTaken", recording.checkpointsTaken},
        {"checkpointsKept", recording.checkpoints.size()},
        {"checkpointForkMs",
         recording.checkpointsTaken ? recording.checkpointMilliseconds / recording.checkpointsTaken : 0.0},
        {"checkpointBytes", checkpointBytes},
        {"bufferedSyscalls", recording.syscallBuffer.bufferedCalls},
        {"preemptions", recording.preemptions},
    };
    std::printf("%s\n", figures.dump().c_str());
    return 0;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "%s\n", error.what());
    return 1;
  }
}
