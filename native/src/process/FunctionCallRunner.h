// FunctionCallRunner: runs one call of the program's function in a stopped
// thread, as gdb's `print f(1)` does, and puts the thread back exactly as
// it was. The general registers and the whole XSAVE state (x87, SSE, AVX,
// AVX-512) are saved; the stack pointer goes below the red zone, under the
// call's blocks (string literals) and its stack arguments, aligned to 16
// bytes at the call; the return address pushed is the program's entry
// point (AT_ENTRY), where a breakpoint is set for the call. Only this
// thread runs; the others stay stopped. The call ends when the thread comes
// back to that breakpoint with the stack popped. Anything else — a signal
// (a crash), a breakpoint or watchpoint inside, the time limit — abandons
// the call (gdb's `unwindonsignal on`), restores the thread and throws
// CallAbandoned with a sentence. An asynchronous signal that came during
// the call is kept for the program (delivered when it resumes); a fault
// caused by the call is dropped with it. A program that ends during the
// call cannot be restored: its status is handed to the Process, which
// reports the end as usual.
#pragma once

#include <chrono>
#include <functional>
#include <stdexcept>
#include <string>

#include "process/Process.h"
#include "symbols/MachineCall.h"

namespace rwd {

class FunctionCallRunner {
 public:
  struct CallAbandoned : std::runtime_error {
    using std::runtime_error::runtime_error;
  };
  // `describe` names a code address for messages ("crash_here (calls.c:30)").
  FunctionCallRunner(Process& process, std::function<std::string(uint64_t)> describe)
      : process_(process), describe_(std::move(describe)) {}
  MachineCallResult run(Task& task, const MachineCall& call,
                        std::chrono::milliseconds limit = std::chrono::milliseconds(5000));

 private:
  // The program's entry point, from the auxiliary vector.
  uint64_t entryPoint() const;
  std::string place(uint64_t pc) const;

  Process& process_;
  std::function<std::string(uint64_t)> describe_;
};

}  // namespace rwd
