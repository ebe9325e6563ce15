// Kernel-side hit counting in native replays (KernelHitCounter: uprobes
// with BPF through ProbeEngine) against int3 counting, on a real program
// (natrec_loop, -O2): both count the same hits of several addresses; random
// positions (address, hit number) reached by counting in the kernel equal
// the same positions reached by int3 counting — every general register and
// a digest of all writable memory — including stops before an instruction
// that writes memory (a stack push, an add to memory), whose bytes the
// exact stop puts back; a replay goes on from a kernel stop to the recorded
// exit with the recorded final state; a site whose probes sit on the jumps
// that lead to it (the kernel emulates those) counts and stops the same;
// the register predicate (how the
// present is found) stops at exactly the pass with those registers; a
// program of some 5×10^7 instructions (2×10^6 passes) is counted exactly.
// Where the kernel allows no BPF, the counter must refuse with a sentence.
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "probe/DecodedInstruction.h"
#include "probe/EmulatedApproach.h"
#include "probe/ProbeError.h"
#include "probe/ProbeSupport.h"
#include "probe/ProbedInstruction.h"
#include "replay/KernelHitCounter.h"
#include "replay/MemoryDigest.h"
#include "replay/NativeRecorder.h"
#include "replay/NativeReplayer.h"
#include "replay/PtraceHitCounter.h"
#include "replay/Ptrace.h"
#include "replay/ReplayBreakpoints.h"
#include "support/NativeReplayTestSupport.h"
#include "support/SymbolsTestSupport.h"

using namespace rwd;
using namespace rwd::testsupport;

namespace {

// How many random positions each run compares (each costs an int3 replay
// of up to 3,000 passes, about 0.1–0.2 s on two loaded cores): sized for
// CI's 60-minute budget; REWIND_COUNTING_POSITIONS sets another number.
constexpr int kDefaultPositions = 200;

NativeRecording record(const std::filesystem::path& program, const std::string& passes) {
  NativeRecorder::Options options;
  options.program = program.string();
  options.arguments = {passes};
  options.checkpointEveryEvents = 500;
  options.checkpointEveryMilliseconds = 40;
  return recordWithOutputDiscarded(options);
}

struct State {
  user_regs_struct registers{};
  uint64_t memory = 0;
};

State stateOf(pid_t pid) { return State{Ptrace::registers(pid), MemoryDigest::ofWritableMemory(pid)}; }

// The first instruction of the function at `entry` for which `wanted`
// (its decoded instructions, this one's index, its probe site) holds; 0 when none.
uint64_t firstInstruction(
    pid_t pid, uint64_t entry,
    const std::function<bool(const std::vector<DecodedInstruction>&, size_t, const ProbeSite&)>& wanted) {
  const std::optional<ProbeSite> site = ProbeSite::of(pid, entry);
  if (!site) return 0;
  std::vector<DecodedInstruction> code;
  std::string why;
  if (!DecodedInstruction::decodeFunction(*site, code, why)) return 0;
  for (size_t i = 0; i < code.size(); ++i) {
    const std::optional<ProbeSite> at = ProbeSite::of(pid, code[i].address);
    if (at && wanted(code, i, *at)) return code[i].address;
  }
  return 0;
}

// An instruction after the entry that writes memory other than by push.
uint64_t firstMemoryWrite(pid_t pid, uint64_t entry) {
  return firstInstruction(pid, entry, [entry](const auto& code, size_t i, const ProbeSite& site) {
    return code[i].address != entry && code[i].text.rfind("push", 0) != 0 && ProbedInstruction::writesOf(site).writes;
  });
}

// The loop's head (the instruction before a call) when its probes sit on
// the jumps leading to it (EmulatedApproach).
uint64_t approachedSite(pid_t pid, uint64_t entry) {
  return firstInstruction(pid, entry, [](const auto& code, size_t i, const ProbeSite& site) {
    return i + 1 < code.size() && code[i + 1].call && !EmulatedApproach::plan(site).approaches.empty();
  });
}

// Replays from the start to hit `hit` of `address`, counting in the kernel (or with an int3).
State reach(const NativeRecording& recording, uint64_t address, uint64_t hit, bool kernel) {
  NativeReplayer replayer(recording, 0);
  KernelHitCounter counted;
  PtraceHitCounter trapped;
  HitCounter& counter = kernel ? static_cast<HitCounter&>(counted) : trapped;
  replayer.countHits(counter, address, hit);
  CHECK(replayer.runTo(recording.events.size()));
  CHECK(replayer.hitStop());
  CHECK_EQ(counter.hits(), hit);
  return stateOf(replayer.pid());
}

void checkUnavailable(const std::string& reason) {
  std::printf("BPF unavailable here (%s): the kernel counter must refuse\n", reason.c_str());
  const CompiledProgram loop = compileFixture("natrec_loop.c", "-O2 -no-pie");
  const NativeRecording recording = record(loop.binary, "10");
  NativeReplayer replayer(recording, 0);
  KernelHitCounter counter;
  try {
    replayer.countHits(counter, functionAddress(loop.binary, "visit"), 0);
    CHECK_MSG(false, "the kernel counter armed without BPF");
  } catch (const ProbeError& error) { CHECK_CONTAINS(error.what(), reason); }
}

}  // namespace

int main() {
  alarm(1500);
  if (const std::string& reason = ProbeSupport::unavailableReason(); !reason.empty()) {
    checkUnavailable(reason);
    return summary("replay_kernel_counting_test");
  }
  const CompiledProgram loop = compileFixture("natrec_loop.c", "-O2 -no-pie");
  const uint64_t visit = functionAddress(loop.binary, "visit");
  const uint64_t report = functionAddress(loop.binary, "report");
  REQUIRE(visit != 0 && report != 0);
  const NativeRecording recording = record(loop.binary, "3000");
  REQUIRE(recording.reachedExit);
  const NativeEvent& exit = recording.events.back();

  // The same counts from both counters, and the replay unchanged by the kernel's.
  uint64_t write = 0, approached = 0;
  {
    NativeReplayer replayer(recording, 0);
    write = firstMemoryWrite(replayer.pid(), visit);
    approached = approachedSite(replayer.pid(), functionAddress(loop.binary, "main"));
    REQUIRE(write != 0);
    REQUIRE(approached != 0);
    KernelHitCounter counter;
    replayer.countHits(counter, visit, 0);
    replayer.countHits(counter, report, 0);
    replayer.countHits(counter, write, 0);
    replayer.countHits(counter, approached, 0);
    CHECK(replayer.runTo(recording.events.size()));
    CHECK_EQ(counter.hitsAt(visit), uint64_t{3000});
    CHECK_EQ(counter.hitsAt(report), uint64_t{3});
    CHECK_EQ(counter.hitsAt(write), uint64_t{3000});
    CHECK_EQ(counter.hitsAt(approached), uint64_t{3000});
    CHECK_EQ(counter.hits(), uint64_t{9003});
    CHECK_EQ(replayer.finalMemoryDigest(), exit.memoryDigest);
    CHECK(std::memcmp(&replayer.finalRegisters(), &exit.finalRegisters, sizeof exit.finalRegisters) == 0);
  }
  {
    NativeReplayer replayer(recording, 0);
    ReplayBreakpoints counter(
        [&](uint64_t address) { return ProbeSite::of(replayer.pid(), address)->originalByte().value_or(0xCC); });
    replayer.countHits(counter, visit, 0);
    replayer.countHits(counter, report, 0);
    CHECK(replayer.runTo(recording.events.size()));
    CHECK_EQ(counter.hitsAt(visit), uint64_t{3000});
    CHECK_EQ(counter.hitsAt(report), uint64_t{3});
    CHECK_EQ(replayer.finalMemoryDigest(), exit.memoryDigest);
  }

  // Random positions: kernel counting and int3 counting stand in the same state.
  const char* asked = std::getenv("REWIND_COUNTING_POSITIONS");
  const int positions = asked ? std::atoi(asked) : kDefaultPositions;
  std::mt19937_64 random(20261207);
  const auto start = std::chrono::steady_clock::now();
  int compared = 0;
  for (int i = 0; i < positions; ++i) {
    const int pick = static_cast<int>(random() % 8);
    const uint64_t address = pick == 0 ? report : pick < 3 ? write : pick < 5 ? approached : visit;
    const uint64_t hit = 1 + random() % (address == report ? 3 : 3000);
    const State kernel = reach(recording, address, hit, true);
    const State trapped = reach(recording, address, hit, false);
    CHECK_MSG(std::memcmp(&kernel.registers, &trapped.registers, sizeof kernel.registers) == 0,
              "registers differ at hit %llu of %llx", static_cast<unsigned long long>(hit),
              static_cast<unsigned long long>(address));
    CHECK_EQ(kernel.memory, trapped.memory);
    CHECK_EQ(kernel.registers.rip, address);
    if (address == visit) CHECK_EQ(kernel.registers.rdi, hit - 1);  // the pass the program is in
    ++compared;
  }
  std::printf("%d random positions equal (%.1f s)\n", compared,
              std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());

  // From a kernel stop before a memory write the replay goes on to the recorded end.
  for (const uint64_t address : {write, report}) {
    NativeReplayer replayer(recording, 0);
    KernelHitCounter counter;
    replayer.countHits(counter, address, address == report ? 2 : 1500);
    CHECK(replayer.runTo(recording.events.size()));
    CHECK(replayer.hitStop());
    counter.disarm();
    CHECK(replayer.runTo(recording.events.size()));
    CHECK_EQ(replayer.finalMemoryDigest(), exit.memoryDigest);
  }

  // The register predicate stops only at the pass with those registers.
  {
    const State at = reach(recording, visit, 2222, true);
    NativeReplayer replayer(recording, 0);
    KernelHitCounter counter;
    std::vector<uint64_t> stops;
    counter.onHit = [&](uint64_t, uint64_t hit) {
      stops.push_back(hit);
      CHECK(MemoryDigest::ofWritableMemory(replayer.pid()) == at.memory);
      return false;
    };
    replayer.useCounter(counter);
    counter.armWhere(replayer.pid(), visit, at.registers);
    CHECK(replayer.runTo(recording.events.size()));
    CHECK_EQ(stops.size(), size_t{1});
    CHECK(!stops.empty() && stops.front() == 2222);
    CHECK_EQ(counter.hitsAt(visit), uint64_t{3000});
    CHECK_EQ(replayer.finalMemoryDigest(), exit.memoryDigest);
  }

  // A longer program (2×10^6 passes, some 5×10^7 instructions): exact counts and the last pass.
  {
    const NativeRecording large = record(loop.binary, "2000000");
    REQUIRE(large.reachedExit);
    const auto counting = std::chrono::steady_clock::now();
    NativeReplayer replayer(large, 0);
    KernelHitCounter counter;
    replayer.countHits(counter, approached, 2000000);
    CHECK(replayer.runTo(large.events.size()));
    CHECK(replayer.hitStop());
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - counting).count();
    // On to the exit: no pass after the last, and the recorded final state.
    CHECK(replayer.runTo(large.events.size()));
    CHECK_EQ(counter.hitsAt(approached), uint64_t{2000000});
    CHECK_EQ(replayer.finalMemoryDigest(), large.events.back().memoryDigest);
    std::printf("2000000 passes counted in the kernel to the last: %.2f s (%.2f us a pass, replay included)\n", seconds,
                seconds * 1e6 / 2e6);
  }
  return summary("replay_kernel_counting_test");
}
