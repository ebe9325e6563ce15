// Integration test of X86DebugRegisterWriter and DebugRegisterSync on a
// real tracee. It first asks DebugRegisterProbe whether the debug registers
// trap on this machine (some virtual machines accept values in them but
// never trap). On every machine it checks what the kernel reads back, that
// an unchanged mirror costs no ptrace call, and that moving an enabled slot
// to an address its old length forbids works (the writer disables the slot
// first; a naive write is refused by the kernel, which the test shows too).
// Where the registers trap: a forked child hits a hardware execution
// breakpoint, then writes a global in a loop under a write watchpoint; each
// stop comes with SIGTRAP at the right instruction and DR6 naming the right
// slot. Then the child creates two threads that each write the global: the
// first is not given the mirror (and must not trap: debug registers are per
// thread), the second gets it through onThreadCreated and must trap. Where
// they do not trap: the armed child runs past the breakpoint and every write
// without a trap, which checks the probe's verdict. Every wait has a
// timeout: nothing here can hang.
#if defined(__x86_64__)

#include "support/Check.h"
#include "hwbreak/DebugRegisterAllocator.h"
#include "hwbreak/DebugRegisterProbe.h"
#include "hwbreak/DebugRegisterSync.h"
#include "hwbreak/X86DebugRegisterWriter.h"

#include <pthread.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstddef>
#include <cstdio>
#include <chrono>
#include <cstdlib>
#include <exception>
#include <set>
#include <thread>

using namespace rwd;

extern "C" {
alignas(8) volatile uint64_t rewindWatchedCounter = 0;
extern char rewind_test_after_write[];  // defined by the asm below
}

namespace {

void checkHex(uint64_t actual, uint64_t expected, const char* what, int line) {
  if (actual == expected) return;
  std::fprintf(stderr, "%s:%d: %s: got 0x%llx, expected 0x%llx\n", __FILE__, line, what,
               static_cast<unsigned long long>(actual), static_cast<unsigned long long>(expected));
  ++checkFailures();
}
#define CHECK_HEX(actual, expected) checkHex((actual), (expected), #actual, __LINE__)

// One store to the watched global; the label marks the next instruction,
// where a data breakpoint (a trap) leaves rip.
__attribute__((noinline, noclone)) void writeCounter(uint64_t value) {
  asm volatile(
      "movq %1, %0\n"
      ".globl rewind_test_after_write\n"
      "rewind_test_after_write:\n"
      : "=m"(rewindWatchedCounter)
      : "r"(value)
      : "memory");
}

__attribute__((noinline, noclone)) void markerFunction() { asm volatile("" ::: "memory"); }

void* threadBody(void* value) {
  writeCounter(reinterpret_cast<uintptr_t>(value));
  return nullptr;
}

constexpr uint64_t kThreadAValue = 100;
constexpr uint64_t kThreadBValue = 200;
constexpr int kLoopWrites = 3;

[[noreturn]] void runChild() {
  if (ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) == -1) _exit(10);
  raise(SIGSTOP);
  markerFunction();
  for (int i = 1; i <= kLoopWrites; ++i) writeCounter(i);
  for (uint64_t value : {kThreadAValue, kThreadBValue}) {
    pthread_t thread;
    if (pthread_create(&thread, nullptr, threadBody, reinterpret_cast<void*>(value)) != 0) { _exit(11); }
    pthread_join(thread, nullptr);
  }
  _exit(0);
}

uint64_t instructionPointer(pid_t tid) {
  user_regs_struct regs{};
  if (ptrace(PTRACE_GETREGS, tid, nullptr, &regs) == -1) {
    std::perror("PTRACE_GETREGS");
    ++checkFailures();
    return 0;
  }
  return regs.rip;
}

uint64_t childCounter(pid_t pid) {
  errno = 0;
  long value = ptrace(PTRACE_PEEKDATA, pid, const_cast<uint64_t*>(&rewindWatchedCounter), nullptr);
  CHECK(errno == 0);
  return static_cast<uint64_t>(value);
}

void resume(pid_t tid, int signal = 0) {
  if (ptrace(PTRACE_CONT, tid, nullptr, reinterpret_cast<void*>(uintptr_t(signal))) == -1) {
    std::perror("PTRACE_CONT");
    ++checkFailures();
  }
}

constexpr int kWaitTimeoutMs = 5000;

// waitpid with a timeout: the pid that changed state, or -1 (a failure is
// counted) when none did within kWaitTimeoutMs.
pid_t timedWait(pid_t which, int& status) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(kWaitTimeoutMs);
  for (;;) {
    const pid_t got = waitpid(which, &status, WNOHANG | __WALL);
    if (got > 0) return got;
    if (got < 0 && errno != EINTR) {
      std::perror("waitpid");
      ++checkFailures();
      return -1;
    }
    if (std::chrono::steady_clock::now() >= deadline) {
      std::fprintf(stderr, "no stop of %d within %d ms\n", static_cast<int>(which), kWaitTimeoutMs);
      ++checkFailures();
      return -1;
    }
    std::this_thread::sleep_for(std::chrono::microseconds(100));
  }
}

// Ends the child whatever state it is in, reaping its traced threads too
// (the kernel reports the leader's death only after theirs).
void killChild(pid_t pid) {
  kill(pid, SIGKILL);
  for (;;) {
    int status = 0;
    const pid_t reaped = waitpid(-1, &status, __WALL);
    if (reaped == -1 && errno == EINTR) continue;
    if (reaped == -1 || (reaped == pid && (WIFEXITED(status) || WIFSIGNALED(status)))) return;
  }
}

// Checks what the kernel reads back for the mirror.
void checkKernelHolds(X86DebugRegisterWriter& writer, pid_t tid, const DebugRegisterMirror& mirror) {
  const uint64_t dr7 = writer.readRegister(tid, 7);
  for (int i = 0; i < DebugRegisterMirror::kSlotCount; ++i) {
    const DebugRegisterSlot& slot = mirror.slot(i);
    auto setting = DebugRegisterMirror::decodeDr7Slot(dr7, i);
    CHECK(setting.has_value() == slot.inUse());
    if (!slot.inUse() || !setting) continue;
    CHECK_HEX(writer.readRegister(tid, i), slot.address);
    CHECK(setting->kind == slot.kind);
    CHECK_HEX(setting->length, slot.length);
  }
}

void testOnTracee(bool registersTrap) {
  const uint64_t counterAddress = reinterpret_cast<uintptr_t>(&rewindWatchedCounter);
  const uint64_t afterWrite = reinterpret_cast<uintptr_t>(rewind_test_after_write);
  const uint64_t markerAddress = reinterpret_cast<uintptr_t>(&markerFunction);

  const pid_t pid = fork();
  if (pid == 0) runChild();
  CHECK(pid > 0);
  if (pid <= 0) return;
  int status = 0;
  if (timedWait(pid, status) != pid) return killChild(pid);
  CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP);
  CHECK(ptrace(PTRACE_SETOPTIONS, pid, nullptr,
               reinterpret_cast<void*>(uintptr_t{PTRACE_O_TRACECLONE | PTRACE_O_EXITKILL})) == 0);

  X86DebugRegisterWriter writer;
  DebugRegisterSync sync(writer);
  sync.addThread(pid);
  DebugRegisterAllocator allocator;
  WatchChange watch =
      allocator.insertWatch(counterAddress, 8, WatchKind::write, "data breakpoint 'rewindWatchedCounter'");
  WatchChange breakpoint =
      allocator.insertWatch(markerAddress, 1, WatchKind::execute, "hardware breakpoint at markerFunction");
  CHECK(watch.ok && watch.slots == std::vector<int>{0});
  CHECK(breakpoint.ok && breakpoint.slots == std::vector<int>{1});
  sync.commit(allocator.mirror());
  checkKernelHolds(writer, pid, allocator.mirror());

  // An unchanged mirror costs no ptrace call.
  uint64_t writes = writer.registerWrites();
  uint64_t reads = writer.registerReads();
  sync.commit(allocator.mirror());
  CHECK(writer.registerWrites() == writes);
  CHECK(writer.registerReads() == reads);

  // The kernel refuses an address that an enabled 8-byte slot cannot have…
  errno = 0;
  CHECK(ptrace(PTRACE_POKEUSER, pid, reinterpret_cast<void*>(offsetof(struct user, u_debugreg)),
               reinterpret_cast<void*>(counterAddress + 1)) == -1);
  CHECK(errno == EINVAL);
  // …so the writer disables the slot, writes the address, then DR7: 3 writes.
  DebugRegisterAllocator moved;
  CHECK(moved.insertWatch(counterAddress + 1, 1, WatchKind::write, "moved").ok);
  CHECK(moved.insertWatch(markerAddress, 1, WatchKind::execute, "bp").ok);
  writes = writer.registerWrites();
  sync.commit(moved.mirror());
  CHECK(writer.registerWrites() - writes == 3);
  checkKernelHolds(writer, pid, moved.mirror());
  sync.commit(allocator.mirror());
  checkKernelHolds(writer, pid, allocator.mirror());

  if (!registersTrap) {
    // The registers hold the mirror (checked above) but do not trap: the
    // child runs past the breakpoint and every write of its loop, and first
    // stops for the clone event of its first thread.
    resume(pid);
    if (timedWait(pid, status) != pid) return killChild(pid);
    CHECK(WIFSTOPPED(status) && status >> 8 == (SIGTRAP | (PTRACE_EVENT_CLONE << 8)));
    CHECK(instructionPointer(pid) != markerAddress);
    CHECK_HEX(writer.readStatus(pid) & 0xf, 0);  // no slot fired
    CHECK_HEX(childCounter(pid), uint64_t(kLoopWrites));
    return killChild(pid);
  }

  resume(pid);
  // The execution breakpoint: a fault, rip at the function.
  if (timedWait(pid, status) != pid) return killChild(pid);
  CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGTRAP);
  CHECK_HEX(instructionPointer(pid), markerAddress);
  CHECK_HEX(writer.readStatus(pid) & 0xf, 0x2);
  std::vector<DebugRegisterHit> hits = sync.takeHits(pid);
  CHECK(hits.size() == 1 && hits[0].slot == 1);
  CHECK_HEX(writer.readStatus(pid) & 0xf, 0);  // cleared
  CHECK(allocator.removeWatch(markerAddress, 1, WatchKind::execute, "hardware breakpoint at markerFunction").ok);
  sync.commit(allocator.mirror());
  checkKernelHolds(writer, pid, allocator.mirror());

  // The loop: one trap per write, just after the store.
  for (int i = 1; i <= kLoopWrites; ++i) {
    resume(pid);
    if (timedWait(pid, status) != pid) return killChild(pid);
    CHECK(WIFSTOPPED(status) && WSTOPSIG(status) == SIGTRAP);
    CHECK_HEX(instructionPointer(pid), afterWrite);
    CHECK_HEX(writer.readStatus(pid) & 0xf, 0x1);
    hits = sync.takeHits(pid);
    CHECK(hits.size() == 1 && hits[0].slot == 0 &&
          hits[0].state.owners == std::vector<std::string>{"data breakpoint 'rewindWatchedCounter'"});
    CHECK_HEX(childCounter(pid), uint64_t(i));
  }
  resume(pid);

  // Threads: the first is left without the mirror, the second gets it.
  int clones = 0;
  pid_t threadA = 0, threadB = 0;
  std::set<pid_t> stoppedBeforeAnnounced;  // a new thread's stop may come first
  int threadATraps = 0, threadBTraps = 0;
  bool childExited = false;
  while (!childExited) {
    const pid_t tid = timedWait(-1, status);
    if (tid == -1) break;
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      if (tid == pid) {
        childExited = true;
        CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
      } else if (sync.threads().count(tid)) {
        sync.onThreadExited(tid);
      }
      continue;
    }
    if (!WIFSTOPPED(status)) continue;
    if (tid == pid && status >> 8 == (SIGTRAP | (PTRACE_EVENT_CLONE << 8))) {
      unsigned long newTid = 0;
      CHECK(ptrace(PTRACE_GETEVENTMSG, pid, nullptr, &newTid) == 0);
      const pid_t thread = static_cast<pid_t>(newTid);
      if (!stoppedBeforeAnnounced.erase(thread)) {
        int threadStatus = 0;
        CHECK(timedWait(thread, threadStatus) == thread);
        CHECK(WIFSTOPPED(threadStatus) && WSTOPSIG(threadStatus) == SIGSTOP);
      }
      ++clones;
      if (clones == 1) {
        threadA = thread;
      } else {
        threadB = thread;
        writes = writer.registerWrites();
        reads = writer.registerReads();
        sync.onThreadCreated(threadB);
        // A new thread holds nothing: no read, just DR0 and DR7.
        CHECK(writer.registerReads() - reads == 0);
        CHECK(writer.registerWrites() - writes == 2);
        checkKernelHolds(writer, threadB, allocator.mirror());
      }
      resume(thread);
      resume(pid);
      continue;
    }
    const int signal = WSTOPSIG(status);
    if (tid != pid && tid != threadA && tid != threadB && signal == SIGSTOP) {
      stoppedBeforeAnnounced.insert(tid);  // resumed once announced
      continue;
    }
    if (signal == SIGTRAP && tid == threadB) {
      ++threadBTraps;
      CHECK_HEX(instructionPointer(tid), afterWrite);
      CHECK_HEX(writer.readStatus(tid) & 0xf, 0x1);
      hits = sync.takeHits(tid);
      CHECK(hits.size() == 1 && hits[0].slot == 0);
      CHECK_HEX(childCounter(tid), kThreadBValue);
      resume(tid);
      continue;
    }
    if (signal == SIGTRAP && tid == threadA) {
      ++threadATraps;
      resume(tid);
      continue;
    }
    std::fprintf(stderr, "unexpected stop of %d with signal %d\n", tid, signal);
    ++checkFailures();
    resume(tid, signal == SIGTRAP ? 0 : signal);
  }
  CHECK(clones == 2);
  CHECK(threadATraps == 0);
  CHECK(threadBTraps == 1);
  if (!childExited) killChild(pid);
}

}  // namespace

int main() {
  alarm(30);  // a last guard: every wait above has its own timeout
  const DebugRegisterVerdict verdict = DebugRegisterProbe::run(300);
  std::printf("debug registers trap: %s (%s)\n", verdict.traps ? "yes" : "no", verdict.explanation.c_str());
  try {
    testOnTracee(verdict.traps);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "hwbreak_x86_writer_test: %s\n", error.what());
    ++checkFailures();
  }
  if (checkFailures()) {
    std::fprintf(stderr, "hwbreak_x86_writer_test: %d check(s) failed\n", checkFailures());
    return 1;
  }
  std::printf("hwbreak_x86_writer_test: all checks passed\n");
  return 0;
}

#else  // not x86-64

#include <cstdio>

int main() {
  std::fprintf(stderr,
               "hwbreak_x86_writer_test exercises the x86-64 debug registers "
               "and cannot run on this architecture\n");
  return 77;
}

#endif
