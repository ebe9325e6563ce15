// SoftwareAccessDecoder: what software watchpoints need to know of the
// instruction a thread is about to run — whether it enters the kernel (a
// system call may block, so its step is not waited for) and which memory it
// reads or writes: its memory operands, plus the stack for push, pop, call,
// ret and leave. Operands are kept as address recipes (the recorder's
// AddressExpression) and evaluated against the thread's registers at each
// step. Decoding is Capstone's, through disasm/ (InstructionDecoder for the
// kernel entry, CapstoneHandle for the operands), once per code address:
// the entry keeps the bytes it came from, so changed code is decoded again.
// `lea`, `nop` and prefetches name memory without accessing it. Bytes that
// Capstone cannot decode give no access (a watch still sees its value
// change). Direction (read or write) is not told apart: software watches
// that look at accesses watch reads and writes alike.
#pragma once

#include <sys/user.h>

#include <cstddef>
#include <cstdint>
#include <unordered_map>
#include <vector>

#include "disasm/CapstoneHandle.h"
#include "disasm/InstructionDecoder.h"
#include "record/DigestedInstruction.h"
#include "record/MemoryRange.h"

namespace rwd {

// One memory access of an instruction: where, as a recipe, and how many bytes.
struct AccessRecipe {
  AddressExpression address;
  uint32_t size = 0;
};

struct InstructionAccesses {
  bool mayBlock = false;  // syscall, sysenter, int n
  std::vector<AccessRecipe> accesses;
};

class SoftwareAccessDecoder {
 public:
  // The instruction whose bytes (up to 15, fewer at a mapping's end) are at
  // `address`.
  const InstructionAccesses& lookup(uint64_t address, const uint8_t* bytes, size_t available);
  // The memory `instruction` accesses when run with `regs` (appended to `out`).
  static void evaluate(const InstructionAccesses& instruction, const user_regs_struct& regs,
                       std::vector<MemoryRange>& out);

  uint64_t decodes() const { return decodes_; }

 private:
  struct Entry {
    uint8_t bytes[16] = {};
    uint8_t checked = 0;  // how many of `bytes` the entry depends on
    InstructionAccesses accesses;
  };
  void decode(uint64_t address, const uint8_t* bytes, size_t available, Entry& entry);

  InstructionDecoder control_;
  CapstoneHandle capstone_{true};
  std::unordered_map<uint64_t, Entry> entries_;
  uint64_t decodes_ = 0;
};

}  // namespace rwd
