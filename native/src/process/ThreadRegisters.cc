// ThreadRegisters: three ptrace reads of a stopped thread.
#include "process/ThreadRegisters.h"

#include <elf.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

namespace rwd {

namespace {
// Larger than any XSAVE area a CPU has today (AMX tiles included).
constexpr size_t kMaxXstateBytes = 16384;
}  // namespace

ThreadRegisters ThreadRegisters::read(TargetAccess& target, pid_t tid) {
  ThreadRegisters out;
  user_regs_struct general;
  // Only a stopped thread of the program: the other reads go to it directly.
  if (!target.readRegisters(tid, general)) return out;
  out.general = general;
  user_fpregs_struct fpu;
  if (::ptrace(PTRACE_GETFPREGS, tid, nullptr, &fpu) == 0) out.fpu = fpu;
  out.xstate.resize(kMaxXstateBytes);
  iovec io{out.xstate.data(), out.xstate.size()};
  if (::ptrace(PTRACE_GETREGSET, tid, reinterpret_cast<void*>(NT_X86_XSTATE), &io) == 0) out.xstate.resize(io.iov_len);
  else out.xstate.clear();
  return out;
}

}  // namespace rwd
