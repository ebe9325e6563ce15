// BranchTypes: the values every branch-trace provider hands out — a taken
// branch (where in the history, from where to where, what kind, which
// thread) and a function segment (a run of instructions in one function
// instance, the rows of the call history) — and the names the protocol uses
// for branch kinds.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace rwd {

enum class BranchKind : uint8_t {
  Call,
  Return,
  Jump,          // unconditional jump (direct or indirect)
  Conditional,   // a conditional jump that was taken
  SystemCall,    // syscall, sysenter, int n: control went to the kernel
  Signal,        // an asynchronous transfer: a signal handler ran, or a fault
  ThreadSwitch,  // the next instruction in the history belongs to another thread
  Unknown,       // a hardware record whose instruction could not be read
};

inline constexpr BranchKind kAllBranchKinds[] = {BranchKind::Call,         BranchKind::Return,     BranchKind::Jump,
                                                 BranchKind::Conditional,  BranchKind::SystemCall, BranchKind::Signal,
                                                 BranchKind::ThreadSwitch, BranchKind::Unknown};
inline constexpr size_t kBranchKindCount = sizeof(kAllBranchKinds) / sizeof(kAllBranchKinds[0]);

inline const char* branchKindName(BranchKind kind) {
  switch (kind) {
    case BranchKind::Call:
      return "call";
    case BranchKind::Return:
      return "return";
    case BranchKind::Jump:
      return "jump";
    case BranchKind::Conditional:
      return "conditional";
    case BranchKind::SystemCall:
      return "syscall";
    case BranchKind::Signal:
      return "signal";
    case BranchKind::ThreadSwitch:
      return "threadSwitch";
    case BranchKind::Unknown:
      return "unknown";
  }
  return "unknown";
}

inline std::optional<BranchKind> parseBranchKind(std::string_view name) {
  for (BranchKind kind : kAllBranchKinds) {
    if (name == branchKindName(kind)) return kind;
  }
  return std::nullopt;
}

// One taken branch. `index` is the history index of the instruction that
// branched (for a thread switch: the last instruction of the thread that was
// left); `to` is the first instruction after it, in the thread `tid`.
struct TakenBranch {
  uint64_t index = 0;
  uint64_t from = 0;
  uint64_t to = 0;
  BranchKind kind = BranchKind::Unknown;
  int32_t tid = 0;

  bool operator==(const TakenBranch&) const = default;
};

// A run of consecutive instructions of one thread inside one function
// instance: a call starts a deeper segment, a return a shallower one, a
// jump into another function (tail call, PLT stub) a sibling.
struct FunctionSegment {
  uint64_t startIndex = 0;
  uint64_t endIndex = 0;  // inclusive
  int32_t depth = 0;      // call depth; may go below 0 when the history returns out of its first frame
  int32_t tid = 0;
  std::string function;  // "??" when no symbol covers the code
  std::string file;      // empty when there is no line information
  int startLine = 0;     // smallest and largest source line executed (0: unknown)
  int endLine = 0;
  uint64_t instructionCount = 0;
  uint64_t entryAddress = 0;  // the first instruction's address
  // How control came here: a call, a return, a jump (tail call, PLT stub),
  // a signal, a thread switch; nullopt for the first segment.
  std::optional<BranchKind> arrival;
};

}  // namespace rwd
