// MachineCall: a call of one of the program's functions as the x86-64
// System V ABI passes it — the entry address, the integer-class arguments
// (rdi, rsi, rdx, rcx, r8, r9) and the SSE-class ones (xmm0–xmm7) as raw
// bits — and what came back (rax, xmm0). The symbol side builds one from
// the function's DWARF prototype; the process side runs it in a stopped
// thread (FunctionCallRunner). CallPolicy says whether a call may run at
// all where an expression is evaluated, and why not.
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

namespace rwd {

struct MachineCall {
  static constexpr size_t kIntegerRegisters = 6;
  static constexpr size_t kVectorRegisters = 8;
  std::string name;  // for messages: "add(2, 3)"
  uint64_t entry = 0;
  std::vector<uint64_t> integerArguments;  // already extended to 64 bits
  std::vector<uint64_t> vectorArguments;   // a float in the low 32 bits, a double in all 64
};

struct MachineCallResult {
  uint64_t rax = 0;
  std::array<uint8_t, 16> xmm0{};
};

struct CallPolicy {
  // Runs the call and restores the thread; throws CallAbandoned with the
  // reason when the call did not return (a signal, a breakpoint, the time
  // limit). Empty: calls are refused here with `refusal`.
  std::function<MachineCallResult(const MachineCall&)> run;
  std::string refusal;
};

}  // namespace rwd
