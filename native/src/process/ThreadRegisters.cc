// ThreadRegisters: the three register reads of a stopped thread.
#include "process/ThreadRegisters.h"

namespace rwd {

ThreadRegisters ThreadRegisters::read(TargetAccess& target, pid_t tid) {
  ThreadRegisters out;
  user_regs_struct general;
  if (!target.readRegisters(tid, general)) return out;
  out.general = general;
  user_fpregs_struct fpu;
  if (target.readFpuRegisters(tid, fpu)) out.fpu = fpu;
  out.xstate = target.readXstate(tid);
  return out;
}

}  // namespace rwd
