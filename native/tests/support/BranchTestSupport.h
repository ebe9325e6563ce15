// Shared pieces of the branch_*_test programs: a HistoryView over vectors,
// a recorder History filled with entries whose register deltas move rip
// along a pc sequence (HistoryWriter), a CodeReader over a code buffer, a
// SourceLocator over a table of address ranges, and a small x86-64 program
// assembled by hand (a loop that calls a leaf function, then a system call)
// with the pc sequence it executes. Checks (CHECK, CHECK_EQ, summary) come
// from SymbolsTestSupport.h.
#pragma once

#include <cstdint>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

#include <map>

#include "branch/CodeReader.h"
#include "branch/HistoryView.h"
#include "branch/SourceLocator.h"
#include "record/History.h"
#include "SymbolsTestSupport.h"

// Stops a void test function when a precondition of later checks fails.
#define STOP_UNLESS(cond)                                                                 \
  do {                                                                                    \
    if (!(cond)) {                                                                        \
      std::fprintf(stderr, "%s:%d: STOP_UNLESS failed: %s\n", __FILE__, __LINE__, #cond); \
      ++::rwd::testsupport::failures;                                                     \
      return;                                                                             \
    }                                                                                     \
  } while (0)

namespace rwd::testsupport {

class VectorHistory : public HistoryView {
 public:
  std::vector<uint64_t> pcs;
  std::vector<int32_t> tids;
  std::map<uint64_t, EntryKind> kinds;  // entries that are not instructions
  uint64_t first = 0;
  uint64_t visible = UINT64_MAX;  // entries shown (to grow the history in steps)

  void add(uint64_t pc, int32_t tid, EntryKind kind = EntryKind::Instruction) {
    if (kind != EntryKind::Instruction) kinds[pcs.size()] = kind;
    pcs.push_back(pc);
    tids.push_back(tid);
  }
  uint64_t size() const override { return visible < pcs.size() ? visible : pcs.size(); }
  uint64_t firstIndex() const override { return first; }
  uint64_t pcAt(uint64_t index) const override { return pcs.at(index); }
  int32_t tidAt(uint64_t index) const override { return tids.at(index); }
  EntryKind kindAt(uint64_t index) const override {
    auto found = kinds.find(index);
    return found == kinds.end() ? EntryKind::Instruction : found->second;
  }
};

// Appends entries to a real History the way the recorder does: each thread
// has a register image; an entry's delta takes it from its image to the
// next state. `registers` holds every thread's registers at the end.
class HistoryWriter {
 public:
  explicit HistoryWriter(History& history) : history_(history) {}
  std::map<pid_t, user_regs_struct> registers;

  // Starts thread `tid` at `pc` (no entry: the state before its first one).
  void begin(pid_t tid, uint64_t pc) {
    user_regs_struct regs{};
    regs.rip = pc;
    regs.rsp = 0x7ffc0000 + static_cast<uint64_t>(tid) * 0x1000;
    registers[tid] = regs;
  }
  // One entry of `tid` that leaves it at `nextPc`; `change` edits the
  // registers after the entry further.
  void step(pid_t tid, uint64_t nextPc, EntryKind kind = EntryKind::Instruction,
            const std::function<void(user_regs_struct&)>& change = nullptr) {
    user_regs_struct& regs = registers.at(tid);
    user_regs_struct after = regs;
    after.rip = nextPc;
    ++after.rax;  // something else changes too, as it usually does
    if (change) change(after);
    history_.append(tid, kind, RegisterDelta::between(regs, after), nullptr, 0, nullptr);
    regs = after;
  }
  // Steps `tid` through `pcs` (the first one is where it already is).
  void run(pid_t tid, const std::vector<uint64_t>& pcs) {
    for (size_t i = 1; i < pcs.size(); ++i) step(tid, pcs[i]);
  }

 private:
  History& history_;
};

class BufferCodeReader : public CodeReader {
 public:
  BufferCodeReader(uint64_t base, std::vector<uint8_t> bytes) : base_(base), bytes_(std::move(bytes)) {}
  size_t readCode(uint64_t address, uint8_t* out, size_t size) override {
    if (address < base_ || address >= base_ + bytes_.size()) return 0;
    size_t available = static_cast<size_t>(base_ + bytes_.size() - address);
    size_t count = size < available ? size : available;
    std::memcpy(out, bytes_.data() + (address - base_), count);
    ++reads;
    return count;
  }
  uint64_t reads = 0;

 private:
  uint64_t base_;
  std::vector<uint8_t> bytes_;
};

struct PlaceRange {
  uint64_t start;
  uint64_t end;
  SourcePlace place;
};

class TableLocator : public SourceLocator {
 public:
  std::vector<PlaceRange> ranges;
  uint64_t lookups = 0;
  SourcePlace locate(uint64_t address) override {
    ++lookups;
    for (const auto& range : ranges) {
      if (address >= range.start && address < range.end) return range.place;
    }
    return {};
  }
};

// The hand-assembled program, at kCodeBase:
//   0x401000 main: mov ecx, 3        (line 10)
//   0x401005 loop: call leaf         (line 11)
//   0x40100a       dec ecx           (line 12)
//   0x40100c       jne loop          (line 12)
//   0x40100e       syscall           (line 13)
//   0x401010       ret               (line 14)
//   0x401011..     int3 padding
//   0x401020 leaf: nop               (line 20)
//   0x401021       ret               (line 21)
//   0x401024 fill: rep stosq         (line 30)
//   0x401027       ret               (line 31)
inline constexpr uint64_t kCodeBase = 0x401000;
inline constexpr uint64_t kMain = 0x401000, kLoop = 0x401005, kAfterCall = 0x40100a, kJne = 0x40100c,
                          kSyscall = 0x40100e, kMainRet = 0x401010, kLeaf = 0x401020, kLeafRet = 0x401021,
                          kRepStos = 0x401024, kFillRet = 0x401027;
inline const char* kSourceFile = "/src/prog.c";

inline std::vector<uint8_t> loopProgramBytes() {
  std::vector<uint8_t> code(0x30, 0xcc);
  const uint8_t main[] = {0xb9, 0x03, 0x00, 0x00, 0x00,  // mov ecx, 3
                          0xe8, 0x16, 0x00, 0x00, 0x00,  // call 0x401020
                          0xff, 0xc9,                    // dec ecx
                          0x75, 0xf7,                    // jne 0x401005
                          0x0f, 0x05,                    // syscall
                          0xc3};                         // ret
  std::memcpy(code.data(), main, sizeof main);
  code[0x20] = 0x90;                                // nop
  code[0x21] = 0xc3;                                // ret
  const uint8_t fill[] = {0xf3, 0x48, 0xab, 0xc3};  // rep stosq; ret
  std::memcpy(code.data() + 0x24, fill, sizeof fill);
  return code;
}

inline void addLines(TableLocator& locator, const std::string& function, uint64_t entry,
                     std::vector<std::pair<uint64_t, int>> lines, uint64_t end) {
  for (size_t i = 0; i < lines.size(); ++i) {
    uint64_t stop = i + 1 < lines.size() ? lines[i + 1].first : end;
    locator.ranges.push_back({lines[i].first, stop, SourcePlace{function, entry, kSourceFile, lines[i].second}});
  }
}

inline TableLocator loopProgramLocator() {
  TableLocator locator;
  addLines(locator, "main", kMain, {{kMain, 10}, {kLoop, 11}, {kAfterCall, 12}, {kSyscall, 13}, {kMainRet, 14}},
           0x401020);
  addLines(locator, "leaf", kLeaf, {{kLeaf, 20}, {kLeafRet, 21}}, 0x401024);
  addLines(locator, "fill", kRepStos, {{kRepStos, 30}, {kFillRet, 31}}, 0x401030);
  return locator;
}

// The pcs main executes with ecx = `iterations`.
inline std::vector<uint64_t> loopProgramTrace(int iterations) {
  std::vector<uint64_t> pcs{kMain};
  for (int i = 0; i < iterations; ++i) {
    for (uint64_t pc : {kLoop, kLeaf, kLeafRet, kAfterCall, kJne}) pcs.push_back(pc);
  }
  pcs.push_back(kSyscall);
  pcs.push_back(kMainRet);
  return pcs;
}

}  // namespace rwd::testsupport
