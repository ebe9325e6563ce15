// SyscallInjector: makes a stopped thread run one system call chosen by
// the debugger — used by the time traveler to remap, unmap or reprotect
// memory when it goes back or forward over a program's own mmap, munmap,
// mprotect, mremap or brk. It borrows the program's own `syscall`
// instruction (the one that made the change, so it is known to be one),
// steps it once with the call's number and arguments in the registers,
// and puts every register back. orig_rax is set to -1 so the kernel does
// not mistake the thread for one returning from an interrupted call.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>

namespace rwd {

class Process;
class Task;

class SyscallInjector {
 public:
  // The call's result (rax: -errno on failure), or nullopt when the thread
  // could not be made to run it (no `syscall` instruction there, the thread
  // died, a signal got in the way).
  static std::optional<int64_t> run(Process& process, Task& task, uint64_t syscallAddress, uint64_t number,
                                    std::initializer_list<uint64_t> arguments);
};

}  // namespace rwd
