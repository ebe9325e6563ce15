// Native recording of threaded programs (threads run one at a time, see
// ThreadScheduler) and their exact replay, on three programs compiled here
// (-O2, from native/tests/data/natrec_*.c): a mutex counter whose threads
// wait for the lock in the kernel, a producer and a consumer on a condition
// variable, spin-waits on atomics with no system call (the spinning
// thread must be interrupted after its time slice, and the replay must stop
// it at the same state), and a FIFO whose open blocks until the other
// thread opens it (a call the recorder does not know may block: it is
// switched away from after a time slice). Each is recorded five times and replayed from its
// start: the final registers, the writable-memory digest and every write
// buffer must equal the recording's. A preemption point whose recorded
// memory is altered is never taken for another pass: the spinning thread
// comes round in the same state again, and the replay stops with a
// divergence instead of spinning for ever.
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "replay/NativeRecorder.h"
#include "replay/NativeReplayer.h"
#include "replay/ReplayDivergence.h"
#include "support/NativeReplayTestSupport.h"
#include "support/SymbolsTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

size_t laterCheckpointsAfterThreads = 0;  // replays from a checkpoint taken after threads had lived

struct ThreadCounts {
  size_t threads = 1, blocked = 0, preempted = 0, threadExits = 0, writes = 0, eventsOfOthers = 0;
};

ThreadCounts countThreadEvents(const NativeRecording& recording) {
  ThreadCounts counts;
  for (const NativeEvent& event : recording.events) {
    if (event.newThread >= 0) ++counts.threads;
    if (event.kind == NativeEvent::Kind::Blocked) ++counts.blocked;
    if (event.kind == NativeEvent::Kind::Preempt) ++counts.preempted;
    if (event.kind == NativeEvent::Kind::ThreadExit) ++counts.threadExits;
    if (event.inputDigest != 0) ++counts.writes;
    if (event.thread != 0) ++counts.eventsOfOthers;
  }
  return counts;
}

NativeRecording record(const std::filesystem::path& program, std::vector<std::string> arguments = {}) {
  NativeRecorder::Options options;
  options.program = program.string();
  options.arguments = std::move(arguments);
  options.timeSliceMs = 20;
  options.checkpointEveryEvents = 100;
  options.checkpointEveryMilliseconds = 5;
  return recordWithOutputDiscarded(options);
}

void recordAndReplayFiveTimes(const char* name, const std::filesystem::path& program, size_t threads,
                              void (*checkCounts)(const ThreadCounts&), std::vector<std::string> arguments = {}) {
  for (int run = 0; run < 5; ++run) {
    NativeRecording recording = record(program, arguments);
    CHECK_EQ(recording.stopReason, std::string());
    CHECK(recording.reachedExit);
    CHECK(WIFEXITED(recording.exitStatus) && WEXITSTATUS(recording.exitStatus) == 0);
    if (!recording.reachedExit) continue;
    const ThreadCounts counts = countThreadEvents(recording);
    CHECK_EQ(counts.threads, threads);
    CHECK_EQ(counts.threadExits, threads - 1);
    CHECK(counts.eventsOfOthers > 0);
    checkCounts(counts);
    // Every checkpoint is of the first thread alone, and replay from the
    // start runs every thread again in the recorded order.
    CHECK(!recording.checkpoints.empty());
    const std::string fromStart = replayToExitAndCompare(recording, 0, counts.writes);
    CHECK_EQ(fromStart, std::string());
    // The last checkpoint (of the first thread alone: before the threads or
    // after they ended) replays to the same end.
    if (recording.checkpoints.size() > 1) {
      const size_t last = recording.checkpoints.size() - 1;
      for (size_t i = 0; i < recording.checkpoints[last].eventIndex; ++i)
        if (recording.events[i].newThread >= 0) ++laterCheckpointsAfterThreads;
      CHECK_EQ(replayToExitAndCompare(recording, last, counts.writes), std::string());
    }
    std::printf("%s run %d: %zu events, %zu threads, %zu blocking calls, %zu preemptions, %zu writes checked%s%s\n",
                name, run, recording.events.size(), counts.threads, counts.blocked, counts.preempted, counts.writes,
                fromStart.empty() ? "" : ", replay: ", fromStart.c_str());
  }
}

}  // namespace

int main() {
  const CompiledProgram mutex = compileFixture("natrec_mutex.c", "-O2 -pthread");
  const CompiledProgram condvar = compileFixture("natrec_condvar.c", "-O2 -pthread");
  const CompiledProgram spin = compileFixture("natrec_spinwait.c", "-O2 -pthread");
  const CompiledProgram thread = compileFixture("natrec_thread.c", "-O2 -pthread");
  const CompiledProgram fifo = compileFixture("natrec_fifo.c", "-O2 -pthread");
  const std::filesystem::path fifoPath = fifo.directory / "words.fifo";
  REQUIRE(::mkfifo(fifoPath.c_str(), 0600) == 0);

  // A thread that only starts and ends.
  recordAndReplayFiveTimes("thread", thread.binary, 2, [](const ThreadCounts& counts) { CHECK(counts.writes >= 1); });
  // The lock is taken while its holder yields: the others wait in the kernel.
  recordAndReplayFiveTimes("mutex", mutex.binary, 5, [](const ThreadCounts& counts) {
    CHECK(counts.blocked >= 4);
    CHECK(counts.writes >= 1);
  });
  // Producer and consumer wait for each other on the condition variables.
  recordAndReplayFiveTimes("condvar", condvar.binary, 3, [](const ThreadCounts& counts) {
    CHECK(counts.blocked >= 10);
    CHECK(counts.writes >= 6);  // the consumer's five lines and main's
  });
  // Each spin ends only when the other thread runs: both are interrupted.
  recordAndReplayFiveTimes("spin", spin.binary, 2, [](const ThreadCounts& counts) { CHECK(counts.preempted >= 2); });

  // main's open blocks until the reader opens: main is switched away from
  // after a slice, the open logged as blocked (as well as the reader's read).
  recordAndReplayFiveTimes("fifo", fifo.binary, 2, [](const ThreadCounts& counts) { CHECK(counts.blocked >= 2); },
                           {fifoPath.string()});

  // A preemption point whose memory differs from the replay's at every
  // pass: the replay never stops at a guessed pass, and the spin (which
  // only the other thread can end) is seen to repeat its whole state.
  {
    NativeRecording recording = record(spin.binary);
    REQUIRE(recording.reachedExit);
    bool altered = false;
    for (NativeEvent& event : recording.events) {
      if (event.kind != NativeEvent::Kind::Preempt) continue;
      event.memoryDigest ^= 1;
      altered = true;
      break;
    }
    REQUIRE(altered);
    const std::string message = replayToExitAndCompare(recording, 0, countThreadEvents(recording).writes);
    CHECK(message.find("replay diverged") != std::string::npos);
    CHECK(message.find("in the same state again and again") != std::string::npos);
    std::printf("altered preemption point: %s\n", message.c_str());
  }

  std::printf("replays from a checkpoint after threads: %zu\n", laterCheckpointsAfterThreads);
  return summary("replay_native_threads_test");
}
