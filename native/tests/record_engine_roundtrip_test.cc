// Round trip of the recording engine on a real program: it records a C
// program (compiled here) that runs glibc's AVX-512 memcpy/strlen/memset,
// malloc (brk and mmap), a pipe write and read, a signal handler, mmap/
// mprotect/munmap and plain loops, taking the program's state (registers +
// writable memory) at many points; then it travels the real process back
// to each point, in both directions and out of order, and checks that the
// state is exactly what it was; single steps back and forward; finds the
// last write of a variable, a reverse watchpoint and breakpoints in both
// directions; returns to the live end (the final state again) and lets
// the program run on live to its normal exit.
#include <signal.h>

#include <algorithm>
#include <cstdio>
#include <random>

#include "record/History.h"
#include "record/Recorder.h"
#include "record/TimeTraveler.h"
#include "support/RecordEngineTestSupport.h"

using namespace rwd;
using namespace rwd::recordtest;

namespace {

const char* kProgram = R"(
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

volatile int handled;
char source[20000];
char destination[20000];
long watched_value;
int numbers[1000];

static void on_signal(int s) { handled += s; numbers[7] = s; }

__attribute__((noinline)) long compute(int rounds) {
  long sum = 0;
  for (int r = 0; r < rounds; ++r)
    for (int i = 0; i < 1000; ++i) { numbers[i] = numbers[i] * 3 + i + r; sum += numbers[i]; }
  return sum;
}

int main(void) {
  cpu_set_t one;  /* one CPU: the kernel then never rewrites the rseq cpu_id */
  CPU_ZERO(&one);
  CPU_SET(sched_getcpu(), &one);
  sched_setaffinity(0, sizeof one, &one);
  raise(SIGSTOP);  /* recording starts here */
  watched_value = 1;
  long sum = compute(2);
  memset(source, 'x', sizeof source - 1);
  size_t length = strlen(source);
  memcpy(destination, source, length + 1);
  char* heap = malloc(300000);
  memcpy(heap, destination, 19000);
  char* small = malloc(100);
  strcpy(small, "recorded");
  watched_value = 2;
  int fds[2];
  if (pipe(fds) != 0) return 2;
  if (write(fds[1], "hello, pipe", 11) != 11) return 3;
  char buffer[64] = {0};
  ssize_t got = read(fds[0], buffer, sizeof buffer);
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_handler = on_signal;
  sigaction(SIGUSR1, &action, NULL);
  raise(SIGUSR1);
  char* page = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  memset(page, 'p', 65536);
  mprotect(page, 4096, PROT_READ);
  munmap(page, 65536);
  free(heap);
  watched_value = 3 + got + handled;
  sum += compute(1);
  snprintf(small, 100, "%ld %s", sum, buffer);
  raise(SIGSTOP);  /* recording ends here */
  free(small);
  return handled == SIGUSR1 && got == 11 ? 42 : 1;
}
)";

struct Checkpoint {
  uint64_t position;
  ProgramState state;
};

void expectStateAt(Process& process, TimeTraveler& traveler, const Checkpoint& point, const char* how) {
  traveler.travelTo(point.position);
  const ProgramState now = ProgramState::capture(process);
  const std::string difference = now.differenceFrom(point.state);
  CHECK_MSG(difference.empty(), "%s to position %llu: state differs:%s", how,
            static_cast<unsigned long long>(point.position), difference.c_str());
}

long readLong(Process& process, uint64_t address) {
  long value = 0;
  process.readMemory(address, &value, sizeof value);
  return value;
}

}  // namespace

int main() {
  const std::string program = compileProgram(kProgram, "roundtrip");
  if (program.empty()) {
    std::printf("FAIL: could not compile the test program\n");
    return 1;
  }
  const uint64_t watchedAddress = symbolAddress(program, "watched_value");
  const uint64_t handlerAddress = symbolAddress(program, "on_signal");
  const uint64_t computeAddress = symbolAddress(program, "compute");
  CHECK_MSG(watchedAddress && handlerAddress && computeAddress, "symbols found");

  std::unique_ptr<Process> process = launch(program);
  if (!process || !runUntilSignal(*process, SIGSTOP)) {
    std::printf("FAIL: the program did not reach its start point\n");
    return 1;
  }

  Recorder recorder(*process, 0);
  TimeTraveler traveler(*process, recorder);
  RecorderHook hook(recorder);
  process->setStepObserver(&hook);

  // Record, taking the state every 2,500 steps and around every system
  // call, signal delivery and map change.
  std::vector<Checkpoint> points;
  points.push_back(Checkpoint{recorder.history().size(), ProgramState::capture(*process)});
  RecorderStats seen = recorder.stats();
  RecordingRun run = recordSteps(*process, SIGSTOP, 2'000'000, [&](uint64_t step) {
    const RecorderStats& now = recorder.stats();
    const bool event = now.systemCalls != seen.systemCalls || now.signalFrames != seen.signalFrames ||
                       now.mapChanges != seen.mapChanges;
    if (event || step % 2500 == 0)
      points.push_back(Checkpoint{recorder.history().size(), ProgramState::capture(*process)});
    seen = now;
  });
  const Checkpoint final{recorder.history().size(), ProgramState::capture(*process)};
  const History& history = recorder.history();
  const RecorderStats& stats = recorder.stats();
  CHECK_MSG(run.reachedEnd, "the program reached its end point while recorded (steps %llu)",
            static_cast<unsigned long long>(run.steps));
  CHECK_MSG(hook.cuts.empty(), "no history cut: %s", hook.cuts.empty() ? "" : hook.cuts.front().c_str());
  std::printf(
      "recorded %llu steps in %.2f s: %.0f steps/s; %llu system calls, %llu signal frames, %llu map changes, "
      "%llu adjustments, %llu empty steps\n",
      static_cast<unsigned long long>(history.size()), run.seconds, static_cast<double>(run.steps) / run.seconds,
      static_cast<unsigned long long>(stats.systemCalls), static_cast<unsigned long long>(stats.signalFrames),
      static_cast<unsigned long long>(stats.mapChanges), static_cast<unsigned long long>(stats.adjustments),
      static_cast<unsigned long long>(stats.emptySteps));
  const double perStep = static_cast<double>(history.memoryBytes()) / static_cast<double>(history.size());
  std::printf("history: %zu bytes (log %zu), %.1f bytes per step; %zu checkpoints\n", history.memoryBytes(),
              history.logBytes(), perStep, points.size());
  CHECK_MSG(history.size() > 50000, "a substantial run was recorded");
  CHECK_MSG(stats.systemCalls >= 8, "system calls were recorded (%llu)",
            static_cast<unsigned long long>(stats.systemCalls));
  CHECK_MSG(stats.signalFrames == 1, "one signal frame was recorded");
  CHECK_MSG(stats.mapChanges >= 3, "mmap, mprotect and munmap were recorded (%llu)",
            static_cast<unsigned long long>(stats.mapChanges));
  CHECK_MSG(perStep < 64, "memory per step stays small (%.1f bytes)", perStep);

  // Back to every checkpoint, newest first; then out of order.
  const auto travelStart = std::chrono::steady_clock::now();
  for (size_t i = points.size(); i-- > 0;) expectStateAt(*process, traveler, points[i], "backwards");
  std::printf("travelled back through %zu checkpoints in %.3f s (including state captures)\n", points.size(),
              secondsSince(travelStart));
  std::mt19937 random(7);
  for (int i = 0; i < 40; ++i) { expectStateAt(*process, traveler, points[random() % points.size()], "out of order"); }
  for (const Checkpoint& point : points) expectStateAt(*process, traveler, point, "forwards");

  // Single steps: back from a checkpoint and forward again.
  const Checkpoint& middle = points[points.size() / 2];
  traveler.travelTo(middle.position);
  for (int i = 0; i < 25; ++i) CHECK_MSG(traveler.stepBack(), "step back %d", i);
  for (int i = 0; i < 25; ++i) CHECK_MSG(traveler.stepForward(), "step forward %d", i);
  CHECK_MSG(ProgramState::capture(*process).differenceFrom(middle.state).empty(),
            "25 steps back and 25 forward return to the same state");

  // The last write of watched_value, and the one before it.
  auto last = recorder.history().lastWriteBefore(watchedAddress, 8, history.size());
  CHECK_MSG(last.has_value(), "the last write of watched_value is found");
  if (last) {
    traveler.travelTo(*last);
    CHECK_MSG(readLong(*process, watchedAddress) == 2, "before the last write the value is 2 (is %ld)",
              readLong(*process, watchedAddress));
    traveler.travelTo(*last + 1);
    CHECK_MSG(readLong(*process, watchedAddress) == 3 + 11 + SIGUSR1, "after it the value is 24 (is %ld)",
              readLong(*process, watchedAddress));
    auto previous = recorder.history().lastWriteBefore(watchedAddress, 8, *last);
    CHECK_MSG(previous && *previous < *last, "an earlier write is found");
    if (previous) {
      traveler.travelTo(*previous + 1);
      CHECK_MSG(readLong(*process, watchedAddress) == 2, "the earlier write stored 2");
      auto first = recorder.history().lastWriteBefore(watchedAddress, 8, *previous);
      CHECK_MSG(first.has_value(), "the first write is found");
      if (first) {
        traveler.travelTo(*first);
        CHECK_MSG(readLong(*process, watchedAddress) == 0, "before the first write the value is 0");
      }
    }
    // A reverse watchpoint from the end stops at the same write.
    traveler.travelTo(history.size());
    TravelFilter watch;
    watch.watched.push_back(MemoryRange{watchedAddress, 8, false});
    auto hit = traveler.findBackward(watch);
    CHECK_MSG(hit && hit->index == *last && hit->reason == TravelStop::Reason::Watchpoint,
              "reverse watchpoint stops at the last write");
  }

  // Reverse-continue to a breakpoint in the signal handler, forward to one in compute().
  traveler.travelTo(history.size());
  TravelFilter handlerBreak;
  handlerBreak.breakpoints.insert(handlerAddress);
  const auto reverseStart = std::chrono::steady_clock::now();
  auto inHandler = traveler.findBackward(handlerBreak);
  CHECK_MSG(inHandler.has_value(), "reverse-continue finds the signal handler");
  if (inHandler) {
    traveler.travelTo(inHandler->index);
    std::printf("reverse-continue to the handler over %llu entries: %.3f s\n",
                static_cast<unsigned long long>(history.size() - inHandler->index), secondsSince(reverseStart));
    CHECK_MSG(process->mainTask().registers().rip == handlerAddress, "the pc is at the handler");
  }
  traveler.travelTo(0);
  TravelFilter computeBreak;
  computeBreak.breakpoints.insert(computeAddress);
  auto firstCall = traveler.findForward(computeBreak);
  CHECK_MSG(firstCall.has_value(), "continue in the past finds compute()");
  if (firstCall) {
    traveler.travelTo(firstCall->index);
    CHECK_MSG(process->mainTask().registers().rip == computeAddress, "the pc is at compute()");
    auto secondCall = traveler.findForward(computeBreak);
    CHECK_MSG(secondCall && secondCall->index > firstCall->index, "the second call is found after the first");
  }
  CHECK_MSG(traveler.inPast(), "in the past");
  bool refused = false;
  try {
    traveler.refuseInPast("change a register");
  } catch (const std::exception& error) {
    refused = std::string(error.what()).find("recorded past") != std::string::npos;
  }
  CHECK_MSG(refused, "writes in the past are refused with a sentence");

  // Whole history back and forth, timed.
  traveler.travelTo(history.size());
  auto started = std::chrono::steady_clock::now();
  traveler.travelTo(0);
  const double back = secondsSince(started);
  CHECK_MSG(ProgramState::capture(*process).differenceFrom(points.front().state).empty(),
            "start state after a whole travel back");
  started = std::chrono::steady_clock::now();
  traveler.travelTo(history.size());
  const double forward = secondsSince(started);
  std::printf("whole history (%llu entries): back %.3f s, forward %.3f s (%llu pages)\n",
              static_cast<unsigned long long>(history.size()), back, forward,
              static_cast<unsigned long long>(traveler.lastTravel().pages));
  CHECK_MSG(!traveler.inPast(), "back at the live end");
  const std::string atEnd = ProgramState::capture(*process).differenceFrom(final.state);
  CHECK_MSG(atEnd.empty(), "the live end is the final state:%s", atEnd.c_str());

  // The program goes on live and exits normally.
  process->setStepObserver(nullptr);
  const int exitCode = runToExit(*process);
  CHECK_MSG(exitCode == 42, "the program exits with 42 (got %d)", exitCode);
  std::printf("%s\n", failures ? "FAILED" : "OK");
  return failures ? 1 : 0;
}
