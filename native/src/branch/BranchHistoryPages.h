// BranchHistoryPages: what BranchHistoryService answers, as plain values —
// a page window asked for, and the pages of branches, calls, instructions,
// timeline markers, branch statistics and line execution counts. Indices
// are history positions (0 is the oldest entry kept). The server writes
// them as the protocol's JSON (server/handlers/BranchHistoryJson).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "branch/BranchTypes.h"
#include "branch/MarkerIndex.h"
#include "record/HistoryEntry.h"

namespace rwd {

// `count` rows from row `start`, or, with `atIndex`, `count` rows around
// the row of that history position.
struct PageWindow {
  uint64_t start = 0;
  uint64_t count = 200;
  std::optional<uint64_t> atIndex;
};

// What every page says about the history it came from.
struct HistoryFrame {
  std::string source;  // the provider's description
  bool travelable = false;
  uint64_t historySize = 0;
  std::optional<uint64_t> position;  // where the program is; none for a hardware trace
};

// A page's place among all the rows.
struct PageHead {
  HistoryFrame frame;
  uint64_t total = 0;
  uint64_t start = 0;
  std::optional<uint64_t> focus;  // the row of `atIndex`
};

// A source line; an empty file when there is no line information.
struct FileLine {
  std::string file;
  int line = 0;
};

struct BranchRow {
  uint64_t ordinal = 0;
  std::optional<uint64_t> index;  // none when the branch is older than the history kept
  TakenBranch branch;
  std::string function;
  std::string toFunction;
  FileLine from;
  FileLine to;
};

struct BranchPage {
  PageHead head;
  std::vector<BranchRow> branches;
};

struct CallRow {
  uint64_t ordinal = 0;
  FunctionSegment segment;  // startIndex and endIndex are history positions
};

struct CallPage {
  PageHead head;
  int32_t minDepth = 0;
  std::vector<CallRow> segments;
};

struct InstructionRow {
  uint64_t index = 0;
  uint64_t address = 0;
  int32_t tid = 0;
  EntryKind kind = EntryKind::Instruction;
  std::optional<std::string> function;  // none for an entry without an address
  FileLine place;
  std::optional<std::string> text;  // the disassembled instruction
};

struct InstructionPage {
  PageHead head;
  std::vector<InstructionRow> instructions;
};

// A thread's lane on the timeline: where its runs began (the switches to
// it, in buckets), its name and its life in history positions.
struct ThreadLane {
  int32_t tid = 0;
  std::vector<HistoryMarker> switches;
  std::string name;
  std::optional<uint64_t> first;
  std::optional<uint64_t> last;
};

struct MarkerPage {
  HistoryFrame frame;
  uint32_t buckets = 0;
  std::vector<HistoryMarker> markers;  // indices are history positions
  std::optional<std::vector<ThreadLane>> threads;
};

// A conditional jump that ran, and how often it was taken.
struct BranchSite {
  uint64_t address = 0;
  std::string function;
  uint64_t taken = 0;
  uint64_t notTaken = 0;
  FileLine place;
};

// A line ran as often as its most executed instruction (`count`);
// `instructions` is all its instructions' executions.
struct LineCount {
  int line = 0;
  uint64_t count = 0;
  uint64_t instructions = 0;
};

}  // namespace rwd
