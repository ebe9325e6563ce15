// Native recording and replay against real programs compiled here (-O2,
// from native/tests/data/natrec_*.c): a compute-bound sieve, an I/O program
// (getrandom, clock_gettime, time, rdtsc, a file written and read back, a
// mapped file, a pipe) and a signal program (interval timer during
// computation and nanosleep, raise, kill, SIGFPE with siglongjmp). Each is
// recorded five times; each recording is replayed from its first and its
// last checkpoint, and the replay must reach the same final registers and
// writable-memory digest with every write buffer equal to the recording's;
// replay from the start to the last checkpoint's event must show that
// checkpoint's registers and memory (the checkpoint is a frozen copy).
// Divergences must be caught with a message: a mapped file changed behind
// the recording, a tampered log. A program that spins waiting for a signal
// stops the recording with a message. (Threads: replay_native_threads_test.)
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "replay/MemoryDigest.h"
#include "replay/NativeRecorder.h"
#include "replay/NativeReplayer.h"
#include "replay/PtraceHitCounter.h"
#include "replay/Ptrace.h"
#include "replay/ReplayDivergence.h"
#include "support/NativeReplayTestSupport.h"
#include "support/SymbolsTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

struct Counts {
  size_t syscalls = 0, writes = 0, traps = 0, cpuids = 0, signals = 0, faults = 0, mapped = 0;
};

Counts countEvents(const NativeRecording& recording) {
  Counts counts;
  for (const NativeEvent& event : recording.events) {
    switch (event.kind) {
      case NativeEvent::Kind::Syscall:
        ++counts.syscalls;
        if (event.inputDigest != 0) ++counts.writes;
        if (event.mappedFile >= 0) ++counts.mapped;
        break;
      case NativeEvent::Kind::Rdtsc:
        ++counts.traps;
        break;
      case NativeEvent::Kind::Cpuid:
        ++counts.cpuids;
        break;
      case NativeEvent::Kind::Signal:
        ++counts.signals;
        break;
      case NativeEvent::Kind::Fault:
        ++counts.faults;
        break;
      case NativeEvent::Kind::Exit:
      case NativeEvent::Kind::Blocked:
      case NativeEvent::Kind::Preempt:
      case NativeEvent::Kind::ThreadExit:
        break;
    }
  }
  return counts;
}

int devNull() { return ::open("/dev/null", O_WRONLY | O_CLOEXEC); }

NativeRecording record(const std::filesystem::path& program, std::vector<std::string> arguments) {
  NativeRecorder::Options options;
  options.program = program.string();
  options.arguments = std::move(arguments);
  options.checkpointEveryEvents = 500;
  options.checkpointEveryMilliseconds = 40;
  options.outputFd = devNull();
  NativeRecorder recorder(options);
  NativeRecording recording = recorder.record();
  ::close(options.outputFd);
  return recording;
}

// Replays from checkpoint `index` to the end; returns the divergence message ("" when none).
std::string replayAndCompare(const NativeRecording& recording, size_t index, const Counts& counts) {
  return replayToExitAndCompare(recording, index, counts.writes);
}

void recordAndReplayFiveTimes(const char* name, const std::filesystem::path& program,
                              std::vector<std::string> arguments, void (*checkCounts)(const Counts&)) {
  for (int run = 0; run < 5; ++run) {
    NativeRecording recording = record(program, arguments);
    CHECK_EQ(recording.stopReason, std::string());
    CHECK(recording.reachedExit);
    CHECK(WIFEXITED(recording.exitStatus) && WEXITSTATUS(recording.exitStatus) == 0);
    if (!recording.reachedExit) continue;
    const Counts counts = countEvents(recording);
    checkCounts(counts);
    // glibc's start-up asks the processor: logged where cpuid faults, else run on one pinned CPU.
    if (recording.cpuidTrapped) CHECK(counts.cpuids > 0);
    else CHECK(counts.cpuids == 0 && recording.pinnedCpu >= 0);
    CHECK(!recording.checkpoints.empty());
    // The first checkpoint is the program's start: replay from it covers every event.
    CHECK(recording.checkpoints.front().atEntry);
    CHECK_EQ(recording.checkpoints.front().eventIndex, size_t{0});
    const std::string fromStart = replayAndCompare(recording, 0, counts);
    CHECK_EQ(fromStart, std::string());
    // Travel: replay from the start to the last checkpoint's event; the
    // registers and the memory digest there are the recorded program's.
    if (recording.checkpoints.size() > 1) {
      const NativeCheckpoint& last = recording.checkpoints[recording.checkpoints.size() - 1];
      NativeReplayer replayer(recording, 0);
      CHECK(replayer.runTo(last.eventIndex));
      CHECK_EQ(replayer.nextEvent(), last.eventIndex);
      const user_regs_struct there = Ptrace::registers(replayer.pid());
      CHECK(std::memcmp(&there, &last.registers, sizeof there) == 0);
      CHECK_EQ(MemoryDigest::ofWritableMemory(replayer.pid()), MemoryDigest::ofWritableMemory(last.pid));
    }
    if (recording.checkpoints.size() > 1) {
      const std::string fromLast = replayAndCompare(recording, recording.checkpoints.size() - 1, counts);
      CHECK_EQ(fromLast, std::string());
    }
    std::printf(
        "%s run %d: %zu events (%zu syscalls, %zu writes, %zu rdtsc, %zu cpuid, %zu signals, %zu faults, %zu "
        "mapped files), %zu checkpoints\n",
        name, run, recording.events.size(), counts.syscalls, counts.writes, counts.traps, counts.cpuids, counts.signals,
        counts.faults, counts.mapped, recording.checkpoints.size());
  }
}

std::filesystem::path writeInput(const std::filesystem::path& directory, char fill) {
  const std::filesystem::path input = directory / "input.dat";
  std::ofstream out(input, std::ios::binary | std::ios::trunc);
  const std::string bytes(300000, fill);
  out << bytes;
  return input;
}

}  // namespace

int main() {
  const CompiledProgram compute = compileFixture("natrec_compute.c", "-O2");
  const CompiledProgram io = compileFixture("natrec_io.c", "-O2");
  const CompiledProgram signals = compileFixture("natrec_signals.c", "-O2");
  const CompiledProgram spin = compileFixture("natrec_spin.c", "-O2");
  writeInput(io.directory, 'a');

  recordAndReplayFiveTimes("compute", compute.binary, {"4"}, [](const Counts& counts) {
    CHECK(counts.writes >= 1);  // the printed hash
    CHECK(counts.mapped >= 1);  // the dynamic loader maps libc
  });
  recordAndReplayFiveTimes("io", io.binary, {io.directory.string()}, [](const Counts& counts) {
    CHECK(counts.traps >= 2000);   // rdtsc in the pipe loop
    CHECK(counts.writes >= 2000);  // pipe writes, file writes, the output
    CHECK(counts.mapped >= 2);     // libc and input.dat
  });
  recordAndReplayFiveTimes("signals", signals.binary, {}, [](const Counts& counts) {
    CHECK(counts.signals >= 10);  // SIGUSR1 x6, SIGUSR2 x4, SIGALRMs
    CHECK(counts.faults == 3);    // the divisions by zero
  });

  // A file mapped by the program changed behind the recording: replay refuses.
  {
    NativeRecording recording = record(io.binary, {io.directory.string()});
    REQUIRE(recording.reachedExit);
    const Counts counts = countEvents(recording);
    CHECK_EQ(replayAndCompare(recording, 0, counts), std::string());
    writeInput(io.directory, 'b');
    const std::string message = replayAndCompare(recording, 0, counts);
    CHECK(message.find("input.dat") != std::string::npos);
    CHECK(message.find("changed since it was recorded") != std::string::npos);
    std::printf("changed file: %s\n", message.c_str());
    writeInput(io.directory, 'a');
  }

  // A tampered log: the bytes getrandom returned. The replayed program
  // computes other values from them and must be caught before its exit.
  {
    NativeRecording recording = record(io.binary, {io.directory.string()});
    REQUIRE(recording.reachedExit);
    const Counts counts = countEvents(recording);
    bool tampered = false;
    for (NativeEvent& event : recording.events) {
      if (event.kind == NativeEvent::Kind::Syscall && event.number == 318 /* getrandom */ && !event.memory.empty() &&
          event.memory.front().bytes.size() > 1000) {
        event.memory.front().bytes[500] ^= 0x5A;
        tampered = true;
        break;
      }
    }
    REQUIRE(tampered);
    const std::string message = replayAndCompare(recording, 0, counts);
    CHECK(message.find("replay diverged") != std::string::npos);
    std::printf("tampered getrandom: %s\n", message.c_str());
  }

  // A write that would hand out other bytes than the recording's.
  {
    NativeRecording recording = record(io.binary, {io.directory.string()});
    REQUIRE(recording.reachedExit);
    const Counts counts = countEvents(recording);
    size_t index = 0;
    for (size_t i = 0; i < recording.events.size(); ++i)
      if (recording.events[i].inputDigest != 0) index = i;  // the last write: the printed hash
    REQUIRE(index != 0);
    recording.events[index].inputDigest ^= 0x100;
    const std::string message = replayAndCompare(recording, 0, counts);
    CHECK(message.find("event " + std::to_string(index) + ": write hands out other bytes") != std::string::npos);
    std::printf("other output: %s\n", message.c_str());
  }

  // A program that spins until a signal arrives: no system call to deliver
  // it at, so the recording stops with a message rather than hang.
  {
    const auto start = std::chrono::steady_clock::now();
    NativeRecording recording = record(spin.binary, {});
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    CHECK(!recording.reachedExit);
    CHECK(recording.stopReason.find("without system calls while signal ALRM waits") != std::string::npos);
    CHECK(seconds < 20);
    std::printf("spin: %s (%.2f s)\n", recording.stopReason.c_str(), seconds);
  }

  // Counting hits in replay: the sieve function runs once per round (4).
  // Counting alone leaves the replay identical; stopping at the 3rd hit
  // stands at the function's entry, the same state in two replays, and the
  // replay then runs on to the recorded exit.
  {
    const CompiledProgram fixed = compileFixture("natrec_compute.c", "-O2 -no-pie");
    const uint64_t function = functionAddress(fixed.binary, "sieveAndHash");
    REQUIRE(function != 0);
    NativeRecording recording = record(fixed.binary, {"4"});
    REQUIRE(recording.reachedExit);
    {
      NativeReplayer replayer(recording, 0);
      PtraceHitCounter counter;
      replayer.countHits(counter, function, 0);
      CHECK(replayer.runTo(recording.events.size()));
      CHECK_EQ(counter.hits(), uint64_t{4});
      CHECK_EQ(replayer.finalMemoryDigest(), recording.events.back().memoryDigest);
    }
    user_regs_struct atHit[2] = {};
    uint64_t memoryAtHit[2] = {};
    for (int pass = 0; pass < 2; ++pass) {
      NativeReplayer replayer(recording, 0);
      PtraceHitCounter counter;
      replayer.countHits(counter, function, 3);
      CHECK(replayer.runTo(recording.events.size()));
      CHECK(replayer.hitStop());
      atHit[pass] = Ptrace::registers(replayer.pid());
      memoryAtHit[pass] = MemoryDigest::ofWritableMemory(replayer.pid());
      CHECK_EQ(atHit[pass].rip, function);
      CHECK_EQ(counter.hits(), uint64_t{3});
      CHECK(replayer.runTo(recording.events.size()));  // on to the exit, checked there
      CHECK_EQ(replayer.finalMemoryDigest(), recording.events.back().memoryDigest);
    }
    CHECK(std::memcmp(&atHit[0], &atHit[1], sizeof atHit[0]) == 0);
    CHECK_EQ(memoryAtHit[0], memoryAtHit[1]);
  }

  return summary("replay_native_engine_test");
}
