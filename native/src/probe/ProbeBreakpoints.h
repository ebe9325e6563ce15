// ProbeBreakpoints: user breakpoints whose condition and hit count the
// kernel judges — the bridge between the BreakpointTable (KernelJudge),
// the Process (probe stops and runs through a probe site) and the
// ProbeEngine. Each (breakpoint, address) gets its own probe. A thread
// that stops at a probe, or stands at a probe site for any reason, goes
// on through it once without being judged again (as a debugger steps over
// a breakpoint at the pc when it resumes). Where TrampolinePlan proves it
// exact, the probe sits on a nop5 in a trampoline (Patch): a thread resumed
// at the site then starts past that nop5.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "control/BreakpointTable.h"
#include "process/Process.h"
#include "probe/ConditionCompiler.h"
#include "probe/EmulatedApproach.h"
#include "probe/ProbeEngine.h"
#include "probe/ProbeLog.h"
#include "probe/TrampolinePage.h"
#include "probe/TrampolinePlan.h"

namespace rwd {

// What a patch needs of the program: its stopped threads' pcs, and a way
// to make it run system calls (nullopt while some thread runs).
struct ProgramForPatches {
  RelocatedCode* relocated = nullptr;
  std::function<std::vector<uint64_t>()> threadPcs;
  std::function<std::optional<ProgramSyscalls>()> syscalls;
};

class ProbeBreakpoints {
 public:
  // `memory` shows the original bytes under the probes' int3s and patches.
  // Without `program.relocated` no trampoline is made.
  ProbeBreakpoints(pid_t pid, AddressSpace& memory, std::function<ConditionScope(uint64_t pc)> scopeAt,
                   ProgramForPatches program = {})
      : pid_(pid), memory_(memory), scopeAt_(std::move(scopeAt)), program_(std::move(program)) {}

  // KernelJudge::place: true when the kernel judges `breakpoint` at
  // `address`; `note` says which path judges it and why.
  bool place(const UserBreakpoint& breakpoint, uint64_t address, std::string& note);
  void remove(int id, uint64_t address);
  // Process::probeStop.
  std::optional<ProbeStopState> takeStop(pid_t tid, int signal, const user_regs_struct& current);
  // Process::beforeRunAt: a thread sent back to hit the site again (its
  // stop was held while another was reported) has that pass taken back,
  // to be judged again — from the approach it stopped after, whose address
  // is returned (the thread resumes there); any other goes on through the
  // site once.
  std::optional<uint64_t> beforeRunAt(uint64_t pc, uint64_t sp, bool rehit);
  // At a stop at `address`: whether the probe of breakpoint `id` asked
  // for it (since the last stop), and whether it did because the condition
  // could not be read (`faulted`).
  bool stopped(int id, uint64_t address, bool& faulted);
  bool judges(int id, uint64_t address) const { return probes_.count({id, address}) != 0; }
  // KernelJudge::hits: the hits counted for breakpoint `id` at `address` (0 when none is placed;
  // a breakpoint with a hit condition counts them together, all at its first address).
  uint64_t hits(int id, uint64_t address) const;
  // The program is gone or replaced (exec): every probe goes.
  void forgetAll();
  // The debugger follows `pid` (a forked child): probes placed from now on go there.
  void follow(pid_t pid) { pid_ = pid; }
  ProbeEngine& engine() { return engine_; }

  // Logpoints the kernel writes (ProbeLog): their messages go, formatted
  // by `format`, in the order the program wrote them, to `console`; with
  // a line for records the full ring buffer lost.
  struct LogOutput {
    CapturedFormatter format;
    std::function<void(const std::string&)> console;
  };
  void setLogOutput(LogOutput output) { logOutput_ = std::move(output); }
  // The ring buffer's file descriptor to poll (-1: no logpoint yet).
  int logFd() const { return engine_.logFd(); }
  // Prints what the logpoints wrote since the last time.
  void drainLogs();

 private:
  struct Seen {
    uint64_t stops = 0;
    uint64_t faults = 0;
  };
  pid_t pid_;
  AddressSpace& memory_;
  std::function<ConditionScope(uint64_t pc)> scopeAt_;
  ProbeEngine engine_;
  struct Placed {
    int probe = -1;
    std::vector<std::pair<uint64_t, uint8_t>> foreign;  // its int3s: address, original byte
    bool patched = false;                               // on the trampoline of patches_[address]
  };
  struct Patch {
    std::unique_ptr<TrampolinePage> page;
    std::vector<uint8_t> original;  // the bytes under the jump
    ProbeSite nop;                  // the trampoline's nop5, for the uprobe
    std::string moved;              // the moved instructions' names, for the user
    int users = 0;
  };
  // The patch at `address` for another probe (made when there is none);
  // nullptr with `why` when no trampoline can be made there.
  Patch* patchFor(uint64_t address, const ProbeSite& site, std::string& why);
  void releasePatch(uint64_t address);
  ProgramForPatches program_;
  std::map<uint64_t, Patch> patches_;
  std::vector<std::unique_ptr<TrampolinePage>> retiredPages_;     // taken-out patches' pages (still mapped)
  std::map<std::pair<int, uint64_t>, Placed> probes_;             // (breakpoint id, address) → its probe
  std::map<std::pair<uint64_t, uint64_t>, uint64_t> approachOf_;  // (site, sp) of a stop → the approach it came by
  std::map<int, Seen> seen_;                                      // probe id → its counts at the last stop
  struct Logged {
    int breakpoint = 0;
    std::shared_ptr<const ProbeLog> log;
    uint64_t lostSaid = 0;  // lost records already said
  };
  std::map<int, Logged> logs_;  // probe id → its logpoint's message
  // Breakpoints with a hit condition → the hit group their probes share
  // (ProbeRequest::hitGroup): hits are counted per breakpoint, not per address.
  std::map<int, int> hitGroups_;
  int hitGroupOf(int id);
  LogOutput logOutput_;
};

}  // namespace rwd
