// DebugRegisterProbe: one traced child, two armed debug registers, and a
// look at whether they trap.
#include "hwbreak/DebugRegisterProbe.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <chrono>
#include <cstdint>
#include <exception>
#include <string>

#if defined(__x86_64__)
#include "hwbreak/DebugRegisterAllocator.h"
#include "hwbreak/X86DebugRegisterWriter.h"
#endif

#if defined(__x86_64__)
extern "C" {
// What the probe child writes under a write watch. Its own cache line: no
// other variable is written near it.
alignas(64) volatile uint64_t rwdDebugRegisterProbeWatched = 0;
}
#endif

namespace rwd {

namespace {

#if defined(__x86_64__)

constexpr int kTimedSteps = 64;

__attribute__((noinline, noclone)) void probeExecutionTarget() { asm volatile("" ::: "memory"); }

__attribute__((noinline, noclone)) void probeWrite() { rwdDebugRegisterProbeWatched = 1; }

// The child: stop for the parent to arm the registers, run past the
// execution breakpoint and the write, stop again, then spin for the timed
// single steps until killed. Only async-signal-safe calls after fork().
[[noreturn]] void runProbeChild() {
  if (::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr) == -1) _exit(10);
  ::raise(SIGSTOP);
  probeExecutionTarget();
  probeWrite();
  ::raise(SIGSTOP);
  for (;;) asm volatile("nop");
}

// The child's next wait status, or nothing when none came within
// `timeoutMs` (the probe then decides the traps do not come).
bool waitWithTimeout(pid_t pid, int timeoutMs, int& status) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
  for (;;) {
    const pid_t got = ::waitpid(pid, &status, WNOHANG | __WALL);
    if (got == pid) return true;
    if (got < 0 && errno != EINTR) return false;
    if (std::chrono::steady_clock::now() >= deadline) return false;
    const timespec pause{0, 50 * 1000};
    ::nanosleep(&pause, nullptr);
  }
}

uint64_t instructionPointer(pid_t pid) {
  user_regs_struct regs{};
  if (::ptrace(PTRACE_GETREGS, pid, nullptr, &regs) == -1) return 0;
  return regs.rip;
}

// What the test process did instead of trapping, when it did not simply run
// past both points to its second stop.
std::string unexpectedStop(int status) {
  if (WIFEXITED(status)) return "; it ran to its exit";
  if (WIFSIGNALED(status)) return "; it was killed by signal " + std::to_string(WTERMSIG(status));
  if (WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP) return "";
  if (WIFSTOPPED(status)) return "; it stopped with signal " + std::to_string(WSTOPSIG(status));
  return "; unexpected wait status " + std::to_string(status);
}

// "the CPU's debug registers do not trap on this machine (…)", with what
// happened instead.
std::string doNotTrap(const std::string& detail) {
  return "the CPU's debug registers do not trap on this machine (an execution breakpoint and a write watch armed on "
         "a test process never fired" +
         detail + "; common in virtual machines)";
}

// Kills and reaps the child, whatever state it is in.
void killAndReap(pid_t pid) {
  ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, __WALL) == -1 && errno == EINTR) {}
}

// Single steps per second over kTimedSteps steps of the spinning child (a
// step of its loop cannot block: the waits need no timeout).
double timeSingleSteps(pid_t pid) {
  const auto started = std::chrono::steady_clock::now();
  for (int step = 0; step < kTimedSteps; ++step) {
    if (::ptrace(PTRACE_SINGLESTEP, pid, nullptr, nullptr) == -1) return 0;
    int status = 0;
    pid_t got;
    while ((got = ::waitpid(pid, &status, __WALL)) == -1 && errno == EINTR) {}
    if (got != pid || !WIFSTOPPED(status)) return 0;
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  return seconds > 0 ? kTimedSteps / seconds : 0;
}

DebugRegisterVerdict probeChild(pid_t pid, int timeoutMs) {
  DebugRegisterVerdict verdict;
  int status = 0;
  if (!waitWithTimeout(pid, 2000, status) || !WIFSTOPPED(status) || WSTOPSIG(status) != SIGSTOP) {
    verdict.explanation = "the debug registers could not be checked: the test process did not start under ptrace";
    return verdict;
  }
  ::ptrace(PTRACE_SETOPTIONS, pid, nullptr, reinterpret_cast<void*>(uintptr_t{PTRACE_O_EXITKILL}));

  const uint64_t target = reinterpret_cast<uintptr_t>(&probeExecutionTarget);
  const uint64_t watched = reinterpret_cast<uintptr_t>(&rwdDebugRegisterProbeWatched);
  X86DebugRegisterWriter writer;
  DebugRegisterAllocator allocator;
  WatchChange execute = allocator.insertWatch(target, 1, WatchKind::execute, "debug register probe");
  WatchChange write = allocator.insertWatch(watched, 8, WatchKind::write, "debug register probe");
  if (!execute.ok || !write.ok) {
    verdict.explanation = "the debug registers could not be checked: " + execute.message + write.message;
    return verdict;
  }
  writer.apply(pid, allocator.mirror());

  // 1. The execution breakpoint: a fault with rip on the function.
  if (::ptrace(PTRACE_CONT, pid, nullptr, nullptr) == -1 || !waitWithTimeout(pid, timeoutMs, status)) {
    verdict.explanation = doNotTrap("; no stop within " + std::to_string(timeoutMs) + " ms");
    return verdict;
  }
  if (!WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP) {
    verdict.explanation = doNotTrap(unexpectedStop(status));
    if (WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP) {
      writer.apply(pid, DebugRegisterMirror());  // armed registers slow every step down in some VMs
      verdict.singleStepsPerSecond = timeSingleSteps(pid);
    }
    return verdict;
  }
  const uint64_t status6 = writer.readStatus(pid);
  if (instructionPointer(pid) != target || (status6 & (uint64_t{1} << execute.slots.at(0))) == 0) {
    verdict.explanation =
        "the CPU's debug registers misbehave on this machine: a trap came, but not at the execution "
        "breakpoint of the test process";
    return verdict;
  }
  writer.clearStatus(pid);
  allocator.removeWatch(target, 1, WatchKind::execute, "debug register probe");
  writer.apply(pid, allocator.mirror());

  // 2. The write watch: a trap after the store, DR6 naming its slot.
  if (::ptrace(PTRACE_CONT, pid, nullptr, nullptr) == -1 || !waitWithTimeout(pid, timeoutMs, status) ||
      !WIFSTOPPED(status) || WSTOPSIG(status) != SIGTRAP) {
    verdict.explanation =
        "the CPU's debug registers only half work on this machine: an execution breakpoint trapped "
        "but a write watch did not";
    return verdict;
  }
  errno = 0;
  const long written = ::ptrace(PTRACE_PEEKDATA, pid, reinterpret_cast<void*>(watched), nullptr);
  if ((writer.readStatus(pid) & (uint64_t{1} << write.slots.at(0))) == 0 || errno != 0 || written != 1) {
    verdict.explanation =
        "the CPU's debug registers misbehave on this machine: a trap came, but not for the write "
        "watch of the test process";
    return verdict;
  }
  verdict.traps = true;
  verdict.explanation = "the CPU's debug registers trap (checked on a test process)";
  writer.clearStatus(pid);
  writer.apply(pid, DebugRegisterMirror());
  if (::ptrace(PTRACE_CONT, pid, nullptr, nullptr) == 0 && waitWithTimeout(pid, timeoutMs, status) &&
      WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP) {
    verdict.singleStepsPerSecond = timeSingleSteps(pid);
  }
  return verdict;
}

#endif  // __x86_64__

}  // namespace

DebugRegisterVerdict DebugRegisterProbe::run(int timeoutMs) {
#if defined(__x86_64__)
  const pid_t pid = ::fork();
  if (pid == 0) runProbeChild();
  if (pid < 0) {
    DebugRegisterVerdict verdict;
    verdict.explanation = "the debug registers could not be checked: fork failed";
    return verdict;
  }
  DebugRegisterVerdict verdict;
  try {
    verdict = probeChild(pid, timeoutMs);
  } catch (const std::exception& error) {
    verdict = DebugRegisterVerdict{};
    verdict.explanation = std::string("the debug registers could not be checked: ") + error.what();
  }
  killAndReap(pid);
  return verdict;
#else
  (void)timeoutMs;
  DebugRegisterVerdict verdict;
  verdict.explanation = "hardware watchpoints are only available on x86-64 in this build of Rewind";
  return verdict;
#endif
}

const DebugRegisterVerdict& DebugRegisterProbe::verdict() {
  static const DebugRegisterVerdict cached = [] {
    DebugRegisterVerdict verdict = run();  // the single-step timing is wanted either way
    const char* setting = std::getenv(kTurnOffVariable);
    if (setting && std::string(setting) == "off") {
      verdict.traps = false;
      verdict.explanation =
          std::string("the debug registers are turned off for this session (") + kTurnOffVariable + "=off)";
    }
    return verdict;
  }();
  return cached;
}

}  // namespace rwd
