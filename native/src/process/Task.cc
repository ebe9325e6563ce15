// Task: register cache and resume calls for one traced thread.
#include "process/Task.h"

#include "process/RelocatedCode.h"

#include <sys/ptrace.h>

#include <fstream>
#include <stdexcept>

namespace rwd {

Task::Task(pid_t tid) : tid_(tid) {}

const user_regs_struct& Task::registers() {
  if (!registersValid_) {
    if (::ptrace(PTRACE_GETREGS, tid_, nullptr, &registers_) != 0) {
      throw std::runtime_error("cannot read the registers of thread " + std::to_string(tid_));
    }
    registersValid_ = true;
    bool exact = true;
    if (relocated_ && !relocated_->empty() && relocated_->toOriginal(registers_, exact) && exact) {
      // The thread can run from the place shown: it is given that place.
      ::ptrace(PTRACE_SETREGS, tid_, nullptr, &registers_);
    }
  }
  return registers_;
}

void Task::setRegisters(const user_regs_struct& regs) {
  if (::ptrace(PTRACE_SETREGS, tid_, nullptr, &regs) != 0) {
    throw std::runtime_error("cannot write the registers of thread " + std::to_string(tid_));
  }
  registers_ = regs;
  registersValid_ = true;
}

void Task::setPc(uint64_t pc) {
  user_regs_struct regs = registers();
  regs.rip = pc;
  setRegisters(regs);
}

void Task::setResumeFlag() {
  constexpr unsigned long long kResumeFlag = 1ull << 16;
  user_regs_struct regs = registers();
  if (regs.eflags & kResumeFlag) return;  // the kernel sets it after an execution trap
  regs.eflags |= kResumeFlag;
  setRegisters(regs);
}

bool Task::resume(int signal) {
  lastResumeWasStep_ = false;
  // rehitPending stays: Process clears it when the thread has left the
  // breakpoint (a stop before the int3 ran keeps the errand).
  registersValid_ = false;
  state_ = RunState::Running;
  return ::ptrace(PTRACE_CONT, tid_, nullptr, reinterpret_cast<void*>(static_cast<intptr_t>(signal))) == 0;
}

bool Task::singleStep(int signal) {
  lastResumeWasStep_ = true;
  rehitPending = false;
  registersValid_ = false;
  state_ = RunState::Stepping;
  return ::ptrace(PTRACE_SINGLESTEP, tid_, nullptr, reinterpret_cast<void*>(static_cast<intptr_t>(signal))) == 0;
}

bool Task::resumeToSyscallExit() {
  registersValid_ = false;
  state_ = RunState::RunningToSyscallExit;
  return ::ptrace(PTRACE_SYSCALL, tid_, nullptr, nullptr) == 0;
}

std::string Task::name() const {
  std::ifstream comm("/proc/" + std::to_string(tid_) + "/comm");
  std::string name;
  std::getline(comm, name);
  return name;
}

}  // namespace rwd
