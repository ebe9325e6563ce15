// StubSyscall: makes a tracee that is about to run user code (at its exec
// stop, or at a signal stop) run one system call chosen by the engine. At
// the exec stop the kernel will still overwrite rax with execve's result,
// so the call number cannot travel in a register: a few bytes of code at
// rip (`mov eax, N; syscall; int3`) carry it, and are put back afterwards
// together with every register. Used to switch on cpuid faulting and
// rdtsc trapping right after exec (both are per-image settings), and to
// fork the checkpoint at the program's start. rax is
// left 0 afterwards, as execve returns it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <initializer_list>

namespace rwd {

class StubSyscall {
 public:
  // The call's result (rax); throws when the tracee does not come back to
  // the stub's int3. A call that creates a task (clone) gives its id in
  // `newTask`: the copy is left stopped with the same code and registers as
  // the tracee, i.e. about to run the program's first instruction.
  static int64_t run(pid_t pid, uint32_t number, std::initializer_list<uint64_t> arguments, pid_t* newTask = nullptr);
};

}  // namespace rwd
