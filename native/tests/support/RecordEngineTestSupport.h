// Shared helpers of the record_engine_* tests: the checks (support/Check.h), compiling a C
// program at test time (gcc -g -O0 -no-pie, so symbol addresses come
// straight from nm), launching it under the real process layer, a blocking
// event wait, a StepObserver that hands every step to the Recorder, a
// recording loop like the run controller's, and a fingerprint of the
// program's state (registers + every non-zero page of writable memory) to
// compare the past with what it was.
#pragma once

#include <fcntl.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "Check.h"
#include "process/Process.h"
#include "process/StepObserver.h"
#include "record/MemoryLayout.h"
#include "record/Recorder.h"

namespace rwd::recordtest {

// The count of failed checks (support/Check.h's), under the name these tests use.
inline int& failures = checkFailures();

inline double secondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

// Compiles `source` into a fresh temporary directory; returns the program.
inline std::string compileProgram(const std::string& source, const std::string& name) {
  char pattern[] = "/tmp/rewind-record-XXXXXX";
  const char* directory = ::mkdtemp(pattern);
  if (!directory) return "";
  const std::string sourcePath = std::string(directory) + "/" + name + ".c";
  const std::string program = std::string(directory) + "/" + name;
  std::ofstream(sourcePath) << source;
  const std::string command = "gcc -g -O0 -no-pie -fno-pie -o " + program + " " + sourcePath + " 2>&1";
  if (std::system(command.c_str()) != 0) return "";
  return program;
}

// The address of `symbol` in a non-PIE program, from nm.
inline uint64_t symbolAddress(const std::string& program, const std::string& symbol) {
  const std::string command = "nm " + program;
  FILE* pipe = ::popen(command.c_str(), "r");
  if (!pipe) return 0;
  char line[512];
  uint64_t found = 0;
  while (std::fgets(line, sizeof line, pipe)) {
    char type = 0;
    char name[400] = {};
    unsigned long long address = 0;
    if (std::sscanf(line, "%llx %c %399s", &address, &type, name) == 3 && symbol == name) found = address;
  }
  ::pclose(pipe);
  return found;
}

// Starts `program` stopped after execve, adopted by the process layer.
inline std::unique_ptr<Process> launch(const std::string& program) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
    ::execl(program.c_str(), program.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  int status = 0;
  if (::waitpid(pid, &status, 0) != pid || !WIFSTOPPED(status)) return nullptr;
  return Process::adoptLaunched(pid);
}

// Collects events, blocking until at least one is there.
inline void waitForEvents(Process& process, std::vector<StopEvent>& events) {
  events.clear();
  for (;;) {
    process.collectEvents(events);
    if (!events.empty()) return;
    siginfo_t info{};
    ::waitid(P_ALL, 0, &info, WEXITED | WSTOPPED | WNOWAIT | __WALL);
  }
}

// Runs the program (not recorded) until it stops itself with `signal`;
// the signal is not delivered.
inline bool runUntilSignal(Process& process, int signal) {
  std::vector<StopEvent> events;
  for (;;) {
    process.resumeAll();
    waitForEvents(process, events);
    for (const StopEvent& event : events) {
      if (event.kind == StopKind::ProcessExited) return false;
      if (event.kind == StopKind::Signal && event.signal == signal) {
        process.task(event.tid)->pendingSignal = 0;
        return true;
      }
      if (event.kind == StopKind::Signal) process.task(event.tid)->pendingSignal = event.signal;
    }
  }
}

// Runs the program live (not recorded) to its end; its exit code, or -1.
inline int runToExit(Process& process) {
  std::vector<StopEvent> events;
  for (;;) {
    process.resumeAll();
    waitForEvents(process, events);
    for (const StopEvent& event : events) {
      if (event.kind == StopKind::ProcessExited) return event.signal ? -1 : event.exitCode;
      if (event.kind == StopKind::Signal) process.task(event.tid)->pendingSignal = event.signal;
    }
  }
}

class RecorderHook : public StepObserver {
 public:
  explicit RecorderHook(Recorder& recorder) : recorder_(recorder) {}
  bool beforeStep(Task& task) override {
    StepPlan plan = recorder_.beforeStep(task);
    if (plan.cut) cuts.push_back(plan.cut->reason);
    return plan.mayBlock;
  }
  void afterStep(Task& task) override { recorder_.afterStep(task); }
  void threadExited(pid_t tid) override { recorder_.threadExited(tid); }
  std::vector<std::string> cuts;

 private:
  Recorder& recorder_;
};

// Records the main thread step by step until the program stops itself with
// `endSignal` (not delivered) or `maxSteps` steps; other signals are passed
// on as the run controller does. `between` runs after every step.
struct RecordingRun {
  uint64_t steps = 0;
  double seconds = 0;  // stepping time, without `between`
  bool reachedEnd = false;
  bool exited = false;
};

inline RecordingRun recordSteps(Process& process, int endSignal, uint64_t maxSteps,
                                const std::function<void(uint64_t step)>& between = nullptr) {
  RecordingRun run;
  std::vector<StopEvent> events;
  double betweenSeconds = 0;
  const auto started = std::chrono::steady_clock::now();
  while (run.steps < maxSteps) {
    Task& task = process.mainTask();
    process.singleStep(task, true);
    waitForEvents(process, events);
    ++run.steps;
    for (const StopEvent& event : events) {
      if (event.kind == StopKind::ProcessExited) {
        run.exited = true;
        run.seconds = secondsSince(started) - betweenSeconds;
        return run;
      }
      if (event.kind == StopKind::Signal && event.signal == endSignal) {
        run.reachedEnd = true;
      } else if (event.kind == StopKind::Signal) {
        process.task(event.tid)->pendingSignal = event.signal;
      }
    }
    if (run.reachedEnd) break;
    if (between) {
      const auto before = std::chrono::steady_clock::now();
      between(run.steps);
      betweenSeconds += secondsSince(before);
    }
  }
  run.seconds = secondsSince(started) - betweenSeconds;
  return run;
}

// The program's state: the main thread's registers and a hash of every
// writable page that is not all zeros (a page that does not exist and a
// page of zeros are the same to the program).
struct ProgramState {
  user_regs_struct registers{};
  std::map<uint64_t, uint64_t> pages;  // page address → FNV-1a hash

  static ProgramState capture(Process& process) {
    ProgramState state;
    // Fresh from the kernel, not the process layer's cache.
    ::ptrace(PTRACE_GETREGS, process.mainTask().tid(), nullptr, &state.registers);
    const MemoryLayout layout = MemoryLayout::read(process.processId());
    std::vector<uint8_t> page(4096);
    const std::string memPath = "/proc/" + std::to_string(process.processId()) + "/mem";
    const int fd = ::open(memPath.c_str(), O_RDONLY | O_CLOEXEC);
    for (const MappedRegion& region : layout.regions()) {
      if (!(region.protection & 2) || region.shared) continue;
      for (uint64_t address = region.start; address < region.end; address += 4096) {
        if (::pread64(fd, page.data(), 4096, static_cast<off64_t>(address)) != 4096) continue;
        uint64_t hash = 1469598103934665603ull;
        bool zero = true;
        for (uint8_t byte : page) {
          hash = (hash ^ byte) * 1099511628211ull;
          zero = zero && byte == 0;
        }
        if (!zero) state.pages[address] = hash;
      }
    }
    ::close(fd);
    return state;
  }

  // "" when equal, else what differs.
  std::string differenceFrom(const ProgramState& other) const {
    std::ostringstream out;
    const auto* mine = reinterpret_cast<const uint64_t*>(&registers);
    const auto* theirs = reinterpret_cast<const uint64_t*>(&other.registers);
    for (size_t i = 0; i < sizeof(user_regs_struct) / 8; ++i) {
      if (mine[i] != theirs[i]) out << " register#" << i << " " << std::hex << mine[i] << "!=" << theirs[i] << std::dec;
    }
    int shown = 0;
    for (const auto& [address, hash] : pages) {
      auto found = other.pages.find(address);
      if ((found == other.pages.end() || found->second != hash) && shown++ < 5)
        out << " page " << std::hex << address << std::dec;
    }
    for (const auto& [address, hash] : other.pages) {
      if (!pages.count(address) && shown++ < 10) out << " page(other) " << std::hex << address << std::dec;
    }
    return out.str();
  }
};

}  // namespace rwd::recordtest
