// DataBreakpointTable: the user's data breakpoints (watchpoints) — what each
// watches, its hit condition, the value last seen (for "count: 3 → 4"), and,
// for a local, the frame whose return ends it. Two mechanisms watch, one per
// session: the CPU's debug registers (slots in DebugRegisterSlots, shared
// with hardware execution breakpoints), or, where those do not trap
// (DebugRegisterProbe) or the launch configuration asks for it, software
// watchpoints (SoftwareWatchpoints: the program runs single-stepped). Hit
// conditions, descriptions and scopes are the same code for both.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "control/HitCondition.h"
#include "control/SoftwareWatchpoints.h"
#include "hwbreak/DebugRegisterSlots.h"
#include "process/Process.h"
#include "core/DebugEnums.h"

namespace rwd {

// What dataBreakpointInfo found: enough to watch it later.
struct WatchTarget {
  std::string name;
  std::string type;
  uint64_t address = 0;
  uint64_t size = 0;
  // A local lives until its frame (CFA) returns to `scopeReturn`.
  uint64_t scopeCfa = 0;
  uint64_t scopeReturn = 0;
};

struct DataBreakpointRequest {
  WatchTarget target;
  std::string accessType;  // read, write, readWrite
  std::string hitCondition;
  std::string condition;  // an expression judged after the access, in the thread that made it
};

// Judges a condition in the thread that stopped; throws when the condition
// cannot be evaluated (that watch then stops, and its description says why).
using WatchConditionCheck = std::function<bool(const std::string& condition)>;

// The answer to one DataBreakpointRequest.
struct DataBreakpointAnswer {
  int id = 0;
  bool verified = true;
  std::optional<std::string> message;
};

struct DataBreakpointHit {
  int id = 0;
  std::string description;
};

// A watched range that a write stops at (write and readWrite watches), for
// travels through the recorded history.
struct WrittenWatch {
  int id = 0;
  uint64_t address = 0;
  uint64_t length = 0;
  std::string name;
  std::string condition;
};

class DataBreakpointTable {
 public:
  DataBreakpointTable(Process& process, DebugRegisterSlots& registers);
  // Software watchpoints even where the debug registers trap (the launch
  // option `softwareWatchpoints`). Only before the mode is decided.
  void requestSoftware() { softwareRequested_ = true; }
  // The mechanism of this session, decided at the first call: the launch
  // option, else whether the debug registers trap on this machine.
  WatchMode mode();
  // Why this mode ("the CPU's debug registers do not trap on this machine …").
  std::string modeReason();
  // The most bytes one data breakpoint may watch in this mode.
  uint64_t maxWatchBytes();
  // The sentence that tells the user software watchpoints are in use, why,
  // and what they cost; the first call after they came into use returns it
  // for the console, later ones nothing.
  std::string softwareNotice();
  std::optional<std::string> takeConsoleNotice();

  // Replaces every data breakpoint; one answer per request (id, verified,
  // message). On the debug registers a request that does not fit is
  // unverified with a message naming what holds them.
  std::vector<DataBreakpointAnswer> setAll(const std::vector<DataBreakpointRequest>& requests);
  bool empty() const { return watches_.empty(); }
  // Takes every watch out (all threads stopped), before the program is
  // detached: a debug register left armed would kill it with SIGTRAP.
  void removeAll();
  // After a stop of `tid` (a debug register trap, or a step that software
  // watchpoints stopped): the watches that fired and count (conditions,
  // then hit conditions applied), with "name: old → new" descriptions.
  std::vector<DataBreakpointHit> takeHits(pid_t tid, const WatchConditionCheck& conditionHolds);
  // The same for debug-register slots that already fired (execution slots
  // are not data breakpoints' and are passed over).
  std::vector<DataBreakpointHit> hitsFromRegisters(const std::vector<DebugRegisterHit>& fired,
                                                   const WatchConditionCheck& conditionHolds);
  // Scope ends: the return addresses to stop at, and what to do there.
  std::vector<uint64_t> scopeReturnAddresses() const;
  std::vector<WrittenWatch> writtenWatches() const;
  // The locals whose frame has returned (current CFA above theirs) are
  // removed; returns a message for each, and their ids in `removedIds`.
  std::vector<std::string> endScopes(uint64_t returnAddress, uint64_t currentCfa, std::vector<int>& removedIds);
  // After execve every watched address belongs to the replaced program:
  // every watch is removed; returns a message for each, and their ids in
  // `removedIds`.
  std::vector<std::string> forgetAfterExec(std::vector<int>& removedIds);
  // The debug registers the watches use, for messages ("slot 0 …").
  std::string describeSlots() const { return registers_.allocation().describeHolders(); }

 private:
  struct Watch {
    int id = 0;
    WatchTarget target;
    WatchKind kind = WatchKind::write;
    std::string accessType;
    HitCondition hitCondition;
    std::string condition;
    std::vector<uint8_t> lastValue;
    std::string owner;
  };
  // Bytes that fired: written (kind write) or accessed (readWrite).
  struct FiredRange {
    uint64_t address;
    uint64_t length;
    WatchKind kind;
  };
  std::vector<uint8_t> readValue(const WatchTarget& target);
  std::string formatValue(const std::vector<uint8_t>& bytes, const std::string& type) const;
  // The hits of the watches that `fired` concerns, counted and described.
  std::vector<DataBreakpointHit> countHits(const std::vector<FiredRange>& fired,
                                           const WatchConditionCheck& conditionHolds);
  // Puts `watches` into the mechanism in effect: the debug registers (the
  // allocation `slots`), or the software watchpoints.
  void install(const std::vector<Watch>& watches, const DebugRegisterAllocator& slots);
  // The committed allocation without this table's watches.
  DebugRegisterAllocator allocationWithout(const std::vector<Watch>& watches) const;
  void releaseScopeBreakpoints();
  void placeScopeBreakpoints();

  Process& process_;
  DebugRegisterSlots& registers_;
  SoftwareWatchpoints software_;
  std::optional<WatchMode> mode_;
  bool softwareRequested_ = false;
  bool consoleNoticeGiven_ = false;
  std::vector<Watch> watches_;
  std::vector<uint64_t> scopeBreakpoints_;
  int nextId_ = 1;
};

}  // namespace rwd
