// The native recorder's in-process system-call buffer against a real
// program (native/tests/data/natrec_buffered.c, -O2): pipe pairs,
// pread/pwrite, lseek and clock_gettime go through the buffer, a read that
// would block and a write too big for it stop the recorder as before. Each
// of five recordings must have used the buffer for thousands of calls and
// print what the program prints natively; replay from the first and the last
// checkpoint reaches the recorded exit with the same registers, the same
// writable-memory digest and every write buffer equal; replay to the last
// checkpoint shows that checkpoint's registers and memory. A changed result
// of a buffered read is caught before the exit. With REWIND_SYSCALLBUF=off,
// and for a static executable (which cannot load the library), the program
// is recorded without the buffer, says why, and still replays. A program
// that writes over its buffer stops the recording with a message.
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "replay/MemoryDigest.h"
#include "replay/NativeRecorder.h"
#include "replay/NativeReplayer.h"
#include "replay/Ptrace.h"
#include "replay/ReplayDivergence.h"
#include "replay/SyscallBufferLayout.h"
#include "support/NativeReplayTestSupport.h"
#include "support/SymbolsTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

struct Recorded {
  NativeRecording recording;
  std::string output;  // what the program printed
};

Recorded record(const CompiledProgram& program) {
  const std::filesystem::path outputPath = program.directory / "output.txt";
  NativeRecorder::Options options;
  options.program = program.binary.string();
  options.arguments = {program.directory.string()};
  options.checkpointEveryEvents = 1500;
  options.checkpointEveryMilliseconds = 1000;
  options.outputFd = ::open(outputPath.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  NativeRecorder recorder(options);
  Recorded out{recorder.record(), ""};
  ::close(options.outputFd);
  std::ifstream printed(outputPath);
  std::stringstream text;
  text << printed.rdbuf();
  out.output = text.str();
  return out;
}

size_t writesIn(const NativeRecording& recording) {
  size_t writes = 0;
  for (const NativeEvent& event : recording.events) writes += event.inputDigest != 0;
  return writes;
}

// Replays from checkpoint `index` to the end; "" or the divergence message.
std::string replayToExit(const NativeRecording& recording, size_t index) {
  return replayToExitAndCompare(recording, index, writesIn(recording));
}

void checkReplays(const NativeRecording& recording) {
  CHECK_EQ(replayToExit(recording, 0), std::string());
  if (recording.checkpoints.size() < 2) return;
  const NativeCheckpoint& last = recording.checkpoints[recording.checkpoints.size() - 1];
  {
    NativeReplayer replayer(recording, 0);
    CHECK(replayer.runTo(last.eventIndex));
    const user_regs_struct there = Ptrace::registers(replayer.pid());
    CHECK(std::memcmp(&there, &last.registers, sizeof there) == 0);
    CHECK_EQ(MemoryDigest::ofWritableMemory(replayer.pid()), MemoryDigest::ofWritableMemory(last.pid));
  }
  CHECK_EQ(replayToExit(recording, recording.checkpoints.size() - 1), std::string());
}

std::string sumLine(const std::string& output) { return output.substr(0, output.find('\n')); }

}  // namespace

int main() {
  const CompiledProgram program = compileFixture("natrec_buffered.c", "-O2");
  // What the program prints natively (the clock-free line).
  const std::string command = "'" + program.binary.string() + "' '" + program.directory.string() + "'";
  FILE* native = ::popen(command.c_str(), "r");
  REQUIRE(native != nullptr);
  char line[256] = {};
  REQUIRE(std::fgets(line, sizeof line, native) != nullptr);
  REQUIRE(::pclose(native) == 0);
  const std::string expectedSum = std::string(line).substr(0, std::strlen(line) - 1);
  CHECK(expectedSum.rfind("sum ", 0) == 0);

  for (int run = 0; run < 5; ++run) {
    const Recorded recorded = record(program);
    const NativeRecording& recording = recorded.recording;
    CHECK_EQ(recording.stopReason, std::string());
    CHECK(recording.reachedExit);
    CHECK(WIFEXITED(recording.exitStatus) && WEXITSTATUS(recording.exitStatus) == 0);
    CHECK_EQ(sumLine(recorded.output), expectedSum);
    CHECK(recording.syscallBuffer.registered);
    CHECK(recording.syscallBuffer.note.find("in-process buffer") != std::string::npos);
    // 3000 pipe pairs, 30 clock reads, 64 pwrite, 2560 pread, 2 lseek, 1 read (and one failed try).
    CHECK(recording.syscallBuffer.bufferedCalls >= 8600);
    size_t buffered = 0, trappedFromLibrary = 0, flushes = 0;
    for (const NativeEvent& event : recording.events) {
      buffered += event.buffered;
      if (!event.buffered && event.rip == RWD_SYSCALLBUF_TRACED_IP) ++trappedFromLibrary;
      flushes += event.number == RWD_SYSCALLBUF_FLUSH;
    }
    CHECK_EQ(buffered, recording.syscallBuffer.bufferedCalls);
    // The registration, the flush, the empty pipe's plain read, the big write and read.
    CHECK(flushes >= 1);
    CHECK(trappedFromLibrary >= 5);
    // Checkpoints come at stops only: the start, and (every 1500 events) the
    // flush and the calls after it — copies that hold the buffer turned on.
    CHECK(recording.checkpoints.size() >= 3);
    CHECK(recording.checkpoints[recording.checkpoints.size() - 1].eventIndex >
          recording.syscallBuffer.registrationEvent);
    if (!recording.reachedExit) continue;
    checkReplays(recording);
    std::printf("run %d: %zu events, %zu buffered, %zu checkpoints\n", run, recording.events.size(),
                recording.syscallBuffer.bufferedCalls, recording.checkpoints.size());
  }

  // A changed result: one byte a buffered pipe read returned. The program
  // hashes it into its output, so replay must stop before the exit.
  {
    Recorded recorded = record(program);
    NativeRecording& recording = recorded.recording;
    REQUIRE(recording.reachedExit);
    bool changed = false;
    for (NativeEvent& event : recording.events) {
      if (event.buffered && event.number == SYS_preadv2 && event.memory.size() == 1 &&
          event.memory.front().bytes.size() == 1) {
        event.memory.front().bytes[0] ^= 0x01;
        changed = true;
        break;
      }
    }
    REQUIRE(changed);
    const std::string message = replayToExit(recording, 0);
    CHECK(message.find("replay diverged") != std::string::npos);
    CHECK(message.find("hands out other bytes") != std::string::npos);
    std::printf("changed read: %s\n", message.c_str());
  }

  // Without the buffer: REWIND_SYSCALLBUF=off.
  {
    ::setenv("REWIND_SYSCALLBUF", "off", 1);
    const Recorded recorded = record(program);
    ::unsetenv("REWIND_SYSCALLBUF");
    CHECK(recorded.recording.reachedExit);
    CHECK(!recorded.recording.syscallBuffer.registered);
    CHECK_EQ(recorded.recording.syscallBuffer.bufferedCalls, size_t{0});
    CHECK(recorded.recording.syscallBuffer.note.find("REWIND_SYSCALLBUF=off") != std::string::npos);
    CHECK_EQ(sumLine(recorded.output), expectedSum);
    if (recorded.recording.reachedExit) checkReplays(recorded.recording);
  }

  // A static executable cannot load the library: recorded without it, with a line saying so.
  {
    const CompiledProgram fixed = compileFixture("natrec_buffered.c", "-O2 -static");
    const Recorded recorded = record(fixed);
    CHECK(recorded.recording.reachedExit);
    CHECK(!recorded.recording.syscallBuffer.registered);
    CHECK(recorded.recording.syscallBuffer.note.find("linked statically") != std::string::npos);
    CHECK_EQ(sumLine(recorded.output), expectedSum);
    if (recorded.recording.reachedExit) checkReplays(recorded.recording);
    std::printf("static: %s\n", recorded.recording.syscallBuffer.note.c_str());
  }

  // A program that writes over its buffer: recording stops there with a
  // message, and the log up to there is kept.
  {
    const CompiledProgram wild = compileFixture("natrec_buffer_overwrite.c", "-O2");
    const Recorded recorded = record(wild);
    CHECK(!recorded.recording.reachedExit);
    CHECK(recorded.recording.stopReason.find("wrote over its system-call buffer") != std::string::npos);
    CHECK(recorded.recording.syscallBuffer.bufferedCalls == 0);  // the records after the last stop are lost with it
    CHECK(recorded.recording.syscallBuffer.registered);
    CHECK(recorded.recording.events.size() > recorded.recording.syscallBuffer.registrationEvent);
    std::printf("overwritten: %s\n", recorded.recording.stopReason.c_str());
  }

  return summary("replay_syscall_buffer_test");
}
