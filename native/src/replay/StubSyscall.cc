// StubSyscall: write the stub, run to its int3, restore code and registers.
#include "replay/StubSyscall.h"

#include <signal.h>
#include <sys/user.h>

#include <cstring>
#include <stdexcept>
#include <string>

#include "replay/ProcMemFile.h"
#include "replay/Ptrace.h"
#include "replay/TraceeStop.h"

namespace rwd {

int64_t StubSyscall::run(pid_t pid, uint32_t number, std::initializer_list<uint64_t> arguments, pid_t* newTask) {
  const user_regs_struct saved = Ptrace::registers(pid);
  ProcMemFile memory(pid);
  uint8_t original[8] = {};
  if (!memory.read(saved.rip, original, sizeof original))
    throw std::runtime_error("cannot read the code at the program's entry");
  uint8_t stub[8] = {0xB8, 0, 0, 0, 0, 0x0F, 0x05, 0xCC};  // mov eax, imm32; syscall; int3
  std::memcpy(stub + 1, &number, 4);
  if (!memory.write(saved.rip, stub, sizeof stub))
    throw std::runtime_error("cannot write a stub at the program's entry");
  user_regs_struct regs = saved;
  unsigned long long* slots[6] = {&regs.rdi, &regs.rsi, &regs.rdx, &regs.r10, &regs.r8, &regs.r9};
  int index = 0;
  for (uint64_t argument : arguments) *slots[index++] = argument;
  Ptrace::setRegisters(pid, regs);
  Ptrace::resume(pid);
  int64_t result = 0;
  for (;;) {
    const TraceeStop stop = TraceeStop::waitFor(pid);
    if (stop.kind == TraceeStop::Kind::SeccompEntry) {
      Ptrace::resume(pid);
      continue;
    }
    if (stop.kind == TraceeStop::Kind::Clone && newTask) {
      *newTask = static_cast<pid_t>(stop.message);
      Ptrace::resume(pid);
      continue;
    }
    const user_regs_struct now = stop.kind == TraceeStop::Kind::Signal ? Ptrace::registers(pid) : user_regs_struct{};
    if (stop.kind == TraceeStop::Kind::Signal && stop.signal == SIGTRAP && now.rip == saved.rip + sizeof stub) {
      result = static_cast<int64_t>(now.rax);
      break;
    }
    throw std::runtime_error("the program did not run an injected system call (" + stop.describe() + ")");
  }
  user_regs_struct restored = saved;
  restored.rax = 0;  // what execve returned
  if (newTask && *newTask > 0) {
    // The copy ran nothing yet (it stops first), but holds the stub too.
    const TraceeStop first = TraceeStop::waitFor(*newTask);
    if (first.kind == TraceeStop::Kind::Exited) throw std::runtime_error("a copy of the program died at once");
    if (!ProcMemFile(*newTask).write(saved.rip, original, sizeof original))
      throw std::runtime_error("cannot restore the entry of a copy of the program");
    Ptrace::setRegisters(*newTask, restored);
  }
  if (!memory.write(saved.rip, original, sizeof original))
    throw std::runtime_error("cannot restore the program's entry");
  Ptrace::setRegisters(pid, restored);
  return result;
}

}  // namespace rwd
