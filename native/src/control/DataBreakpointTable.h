// DataBreakpointTable: the user's data breakpoints (watchpoints) on the
// CPU's debug registers — what each watches, its hit condition, the value
// last seen (for "count: 3 → 4"), and, for a local, the frame whose return
// ends it. The slots come from DebugRegisterAllocator and reach every
// thread through DebugRegisterSync.
#pragma once

#include <sys/types.h>

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "control/HitCondition.h"
#include "hwbreak/DebugRegisterAllocator.h"
#include "hwbreak/DebugRegisterSync.h"
#include "hwbreak/X86DebugRegisterWriter.h"
#include "process/Process.h"

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

  std::string toDataId() const;
  static WatchTarget fromDataId(const std::string& dataId);
};

struct DataBreakpointRequest {
  std::string dataId;
  std::string accessType;  // read, write, readWrite
  std::string hitCondition;
};

struct DataBreakpointHit {
  int id = 0;
  std::string description;
};

class DataBreakpointTable {
 public:
  explicit DataBreakpointTable(Process& process);
  // Replaces every data breakpoint; one answer per request (id, verified,
  // message). A request that does not fit is unverified with a message
  // naming what holds the debug registers.
  nlohmann::json setAll(const std::vector<DataBreakpointRequest>& requests);
  bool empty() const { return watches_.empty(); }
  void onThreadCreated(pid_t tid);
  void onThreadExited(pid_t tid);
  // After a hardware trap of `tid`: the watches that fired and count (hit
  // conditions applied), with "name: old → new" descriptions.
  std::vector<DataBreakpointHit> takeHits(pid_t tid);
  // Scope ends: the return addresses to stop at, and what to do there.
  std::vector<uint64_t> scopeReturnAddresses() const;
  // The locals whose frame has returned (current CFA above theirs) are
  // removed; returns a message for each, and their ids in `removedIds`.
  std::vector<std::string> endScopes(uint64_t returnAddress, uint64_t currentCfa, std::vector<int>& removedIds);
  // The debug registers the watches use, for messages ("slot 0 …").
  std::string describeSlots() const { return allocator_.describeHolders(); }

 private:
  struct Watch {
    int id = 0;
    WatchTarget target;
    WatchKind kind = WatchKind::write;
    std::string accessType;
    HitCondition hitCondition;
    std::vector<uint8_t> lastValue;
    std::string owner;
  };
  std::vector<uint8_t> readValue(const WatchTarget& target);
  std::string formatValue(const std::vector<uint8_t>& bytes, const std::string& type) const;
  void releaseScopeBreakpoints();
  void placeScopeBreakpoints();

  Process& process_;
  X86DebugRegisterWriter writer_;
  DebugRegisterSync sync_;
  DebugRegisterAllocator allocator_;
  std::vector<Watch> watches_;
  std::vector<uint64_t> scopeBreakpoints_;
  int nextId_ = 1;
};

}  // namespace rwd
