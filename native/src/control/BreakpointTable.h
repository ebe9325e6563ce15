// BreakpointTable: the user's source and function breakpoints — stable ids
// per source line or function name, resolution through the line table and
// the symbol tables, pending ones resolved when a module that has them
// loads, their conditions, and what stops there: the breakpoint bytes they
// own, or, in hardware mode, execution slots of the debug registers.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "control/HitCondition.h"
#include "control/IfuncTargets.h"
#include "hwbreak/ExecutionSlots.h"
#include "process/AddressSpace.h"
#include "symbols/FunctionIndex.h"
#include "symbols/SymbolIndex.h"

namespace rwd {

// What the user asked for at one line or function.
struct BreakpointSpec {
  int line = 0;              // source breakpoints
  int column = 0;            // a statement of the line (DAP breakpointLocations); 0 for the whole line
  std::string functionName;  // function breakpoints
  std::string condition;
  std::string hitCondition;
  std::string logMessage;
  bool hardware = false;  // DAP breakpoint mode "hardware"
};

struct UserBreakpoint {
  int id = 0;
  std::string source;  // as the client gave it (empty for a function breakpoint)
  std::string functionName;
  std::string condition;
  std::string logMessage;
  HitCondition hitCondition;
  bool hardware = false;
  int requestedLine = 0;
  int requestedColumn = 0;
  int column = 0;  // the statement it is on; 0 for the whole line
  int line = 0;    // where it really is
  bool verified = false;
  std::string message;
  std::vector<uint64_t> addresses;    // installed sites
  std::vector<uint64_t> kernelSites;  // of `addresses`, those a probe judges (no 0xCC of ours there)
  std::string judgeNote;              // which path judges the condition, and why
};

// Judges conditions and hit counts in the kernel where it can (uprobe +
// BPF); set by the debugger when probes work here.
struct KernelJudge {
  // Places a probe for `breakpoint` at `address`: true when the kernel
  // judges it there. `note` says which path judges it and why.
  std::function<bool(const UserBreakpoint& breakpoint, uint64_t address, std::string& note)> place;
  std::function<void(int id, uint64_t address)> remove;
  // The hits the kernel counted for `id` at `address` (passes where the condition held).
  std::function<uint64_t(int id, uint64_t address)> hits;
};

class BreakpointTable {
 public:
  BreakpointTable(SymbolIndex& symbols, AddressSpace& memory, ExecutionSlots& hardware);
  // Replaces the breakpoints of one source file.
  std::vector<UserBreakpoint> setForSource(const std::string& source, const std::vector<BreakpointSpec>& specs);
  // Replaces every function breakpoint.
  std::vector<UserBreakpoint> setFunctions(const std::vector<BreakpointSpec>& specs);
  // Tries the pending ones again (after a module loaded); returns the ones
  // that changed.
  std::vector<UserBreakpoint> resolvePending();
  // After execve: every address is stale; resolve all again.
  std::vector<UserBreakpoint> reresolveAll();
  // Ids of the user breakpoints at `address` (empty when none).
  std::vector<int> idsAt(uint64_t address) const;
  UserBreakpoint* find(int id);
  // Every address a user breakpoint is installed at.
  std::vector<uint64_t> allAddresses() const;
  // Takes every byte out (detach).
  void uninstallAll();
  void setKernelJudge(KernelJudge judge) { kernelJudge_ = std::move(judge); }
  // Function breakpoints on IFUNC symbols go where their resolvers lead.
  IfuncTargets& ifuncs() { return ifuncs_; }
  // Every kernel-judged site becomes a breakpoint of ours again, judged by
  // the debugger for the reason `why` (the program is being recorded:
  // every instruction is stepped and must be read as it is). The ids of
  // the breakpoints taken back.
  std::vector<int> takeBackFromKernel(const std::string& why);

 private:
  void resolve(UserBreakpoint& breakpoint);
  void resolveFunction(UserBreakpoint& breakpoint);
  // Installs what it can of `addresses`; returns why the others could not
  // be (empty when all were).
  std::string install(UserBreakpoint& breakpoint, const std::vector<uint64_t>& addresses);
  // Places a probe for the breakpoint's condition at `address` when the kernel can judge it.
  bool tryKernelJudge(UserBreakpoint& breakpoint, uint64_t address);
  static std::string slotOwner(const UserBreakpoint& breakpoint);
  void uninstall(UserBreakpoint& breakpoint);
  std::vector<UserBreakpoint> replace(const std::string& key, const std::vector<BreakpointSpec>& specs);

  SymbolIndex& symbols_;
  FunctionIndex functions_;
  AddressSpace& memory_;
  IfuncTargets ifuncs_;
  ExecutionSlots& hardware_;
  KernelJudge kernelJudge_;
  int nextId_ = 1;
  std::map<std::tuple<std::string, int, int>, int> idBySourceLine_;  // (source or function, line, column)
  std::map<std::string, std::vector<UserBreakpoint>> bySource_;
  std::map<uint64_t, std::vector<int>> idsByAddress_;
};

}  // namespace rwd
