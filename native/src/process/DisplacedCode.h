// DisplacedCode: copies of the instructions under breakpoints, in one page
// of the program's memory (mapped by an injected mmap), each followed by a
// jump back to the instruction after the original. A thread that must pass
// a breakpoint (a condition that was false, a log point, a continue from a
// breakpoint) runs the copy instead of having the int3 taken out, being
// single-stepped and having it put back: one trap per pass instead of two,
// and the breakpoint stays in place for the other threads. Instructions
// whose effect depends on where they are (jumps, calls, returns,
// RIP-relative operands) or that enter the kernel are never copied; they
// pass the old way. A thread found stopped inside a copy is moved to the
// program's own pc (originalPc), so no one ever sees the page.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>

#include "disasm/InstructionDecoder.h"

namespace rwd {

class Process;
class Task;

class DisplacedCode {
 public:
  explicit DisplacedCode(Process& process);
  // Where `task`, stopped at the breakpoint at `address`, can run that
  // instruction out of line; nullopt: pass it the old way. The page is
  // mapped at the first need, only while every thread is stopped.
  std::optional<uint64_t> entryFor(Task& task, uint64_t address);
  // A pc inside a copy as the program's own: the copy's start is the
  // original instruction, the jump after it the next instruction.
  std::optional<uint64_t> originalPc(uint64_t pc) const;
  // Whether any copy exists (threads may then stop inside one).
  bool inUse() const { return !byEntry_.empty(); }
  // After execve the page is gone with the old image.
  void reset();

 private:
  struct Copy {
    uint64_t original = 0;
    uint64_t entry = 0;
    uint8_t length = 0;
    std::array<uint8_t, 16> bytes{};  // the instruction as it was copied
  };
  std::optional<Copy> makeCopy(uint64_t address);
  // Whether the byte under our int3 at `address` is a kernel probe's int3
  // (the probe came first): passing it must run the probe, as stepping the
  // int3's original byte does. Nullopt: cannot tell now (our int3 is not in
  // place — a vfork child borrows the memory).
  std::optional<bool> probeUnder(Task& task, uint64_t address, uint8_t programByte);
  bool mapPage(Task& task, uint64_t address);

  Process& process_;
  InstructionDecoder decoder_;
  uint64_t page_ = 0;
  bool pageRefused_ = false;  // the mmap failed once: never again
  uint64_t used_ = 0;
  // By the original's address (nullopt: it cannot be copied). A copy is
  // checked against the code at every use: code that changed (a library
  // loaded where another was, a write) gets a new copy.
  std::map<uint64_t, std::optional<Copy>> byAddress_;
  std::map<uint64_t, Copy> byEntry_;
};

}  // namespace rwd
