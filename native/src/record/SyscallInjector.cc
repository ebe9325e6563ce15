// SyscallInjector: one PTRACE_SINGLESTEP over a borrowed `syscall`.
#include "record/SyscallInjector.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/user.h>
#include <sys/wait.h>

#include <cerrno>
#include <stdexcept>

#include "process/Process.h"

namespace rwd {

std::optional<int64_t> SyscallInjector::run(Process& process, Task& task, uint64_t syscallAddress, uint64_t number,
                                            std::initializer_list<uint64_t> arguments) {
  uint8_t code[2] = {};
  if (process.memory().read(syscallAddress, code, 2) != 2 || code[0] != 0x0F || code[1] != 0x05) return std::nullopt;
  const user_regs_struct saved = task.registers();
  user_regs_struct regs = saved;
  regs.rip = syscallAddress;
  regs.rax = number;
  regs.orig_rax = ~0ull;
  unsigned long long* slots[6] = {&regs.rdi, &regs.rsi, &regs.rdx, &regs.r10, &regs.r8, &regs.r9};
  int index = 0;
  for (uint64_t argument : arguments) {
    if (index < 6) *slots[index++] = argument;
  }
  const bool breakpoint = process.memory().hasBreakpoint(syscallAddress);
  if (breakpoint) process.memory().suspendBreakpoint(syscallAddress);
  std::optional<int64_t> result;
  for (int attempt = 0; attempt < 3 && !result; ++attempt) {
    task.setRegisters(regs);
    if (::ptrace(PTRACE_SINGLESTEP, task.tid(), nullptr, nullptr) != 0) break;
    int status = 0;
    pid_t waited;
    do { waited = ::waitpid(task.tid(), &status, __WALL); } while (waited < 0 && errno == EINTR);
    if (waited != task.tid() || !WIFSTOPPED(status)) break;
    user_regs_struct after{};
    ::ptrace(PTRACE_GETREGS, task.tid(), nullptr, &after);
    if (WSTOPSIG(status) == SIGTRAP && after.rip == syscallAddress + 2) {
      result = static_cast<int64_t>(after.rax);
    } else if (WSTOPSIG(status) != SIGTRAP && task.pendingSignal == 0) {
      // A signal arrived first; keep it for the program and try again.
      task.pendingSignal = WSTOPSIG(status);
    }
  }
  if (breakpoint) process.memory().restoreBreakpoint(syscallAddress);
  try {
    task.setRegisters(saved);
  } catch (const std::exception&) {
    return std::nullopt;  // the thread is gone
  }
  return result;
}

}  // namespace rwd
