// PtraceHitCounter: int3 insertion, counting and stepping over.
#include "replay/PtraceHitCounter.h"

#include <signal.h>
#include <sys/user.h>

#include <stdexcept>

#include "replay/ProcMemFile.h"
#include "replay/Ptrace.h"
#include "replay/ReplayBreakpoints.h"
#include "replay/TraceeStop.h"

namespace rwd {

void PtraceHitCounter::insert(pid_t pid) {
  const ProcMemFile memory(pid);
  if (!inserted_ && !memory.read(address_, &original_, 1))
    throw std::runtime_error("cannot read the code to count hits at");
  const uint8_t int3 = 0xCC;
  if (!memory.write(address_, &int3, 1)) throw std::runtime_error("cannot place a breakpoint to count hits");
  inserted_ = true;
}

void PtraceHitCounter::remove(pid_t pid) {
  if (!inserted_) return;
  if (!ProcMemFile(pid).write(address_, &original_, 1)) throw std::runtime_error("cannot remove a counting breakpoint");
  inserted_ = false;
}

void PtraceHitCounter::arm(pid_t pid, uint64_t address, uint64_t stopAtHit) {
  address_ = address;
  stopAt_ = stopAtHit;
  hits_ = 0;
  reached_ = false;
  insert(pid);
}

bool PtraceHitCounter::onStop(pid_t pid, int signal) {
  if (signal != SIGTRAP) return false;
  user_regs_struct regs = Ptrace::registers(pid);
  if (!inserted_ || regs.rip != address_ + 1) return false;
  ++hits_;
  regs.rip = address_;
  Ptrace::setRegisters(pid, regs);
  remove(pid);
  if (hits_ == stopAt_) {
    reached_ = true;  // stays removed: the program stands before the instruction
    return true;
  }
  // One step over the real instruction (the code at a probe site is no
  // system call or trapping instruction: checked by the caller's choice of site).
  ReplayBreakpoints::stepOverInstruction(pid);
  insert(pid);
  return true;
}

}  // namespace rwd
