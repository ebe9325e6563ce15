// MachineCall: a call of one of the program's functions as the x86-64
// System V ABI passes it — the entry address, the arguments in order as
// raw eightbytes of the INTEGER class (rdi, rsi, rdx, rcx, r8, r9) or the
// SSE class (xmm0–xmm7), those past the registers on the stack in order,
// and the bytes a call needs in the program's memory (a string literal's),
// written below the red zone — and what came back (rax, rdx, xmm0, xmm1). The symbol side builds one from
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
  enum class Register { Integer, Vector };
  struct Word {
    Register kind = Register::Integer;
    uint64_t bits = 0;  // an integer extended to 64 bits; a float in the low 32 bits, a double in all 64
    int block = -1;     // when >= 0: `bits` is added to the address of blocks[block] in the program
  };
  std::vector<Word> arguments;
  std::vector<std::vector<uint8_t>> blocks;  // copied into the program's stack for the call
};

struct MachineCallResult {
  uint64_t rax = 0;
  uint64_t rdx = 0;  // a small struct's second INTEGER eightbyte
  std::array<uint8_t, 16> xmm0{};
  std::array<uint8_t, 16> xmm1{};  // a small struct's second SSE eightbyte
};

struct CallPolicy {
  // Runs the call and restores the thread; throws CallAbandoned with the
  // reason when the call did not return (a signal, a breakpoint, the time
  // limit). Empty: calls are refused here with `refusal`.
  std::function<MachineCallResult(const MachineCall&)> run;
  std::string refusal;
};

}  // namespace rwd
