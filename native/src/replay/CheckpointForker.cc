// CheckpointForker: clone injection at a system-call entry.
#include "replay/CheckpointForker.h"

#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/user.h>

#include <stdexcept>
#include <string>

#include "replay/NativeCheckpoints.h"
#include "replay/Ptrace.h"
#include "replay/StubSyscall.h"
#include "replay/TraceeStop.h"

namespace rwd {

namespace {
constexpr int64_t kRestartNoIntr = 513;  // the kernel's ERESTARTNOINTR
}  // namespace

pid_t CheckpointForker::forkAtSyscallEntry(pid_t pid) {
  const user_regs_struct saved = Ptrace::registers(pid);
  user_regs_struct regs = saved;
  regs.orig_rax = SYS_clone;
  regs.rdi = CLONE_PARENT;  // exit signal 0: the tracer reaps it with __WALL
  regs.rsi = regs.rdx = regs.r10 = regs.r8 = 0;
  Ptrace::setRegisters(pid, regs);
  Ptrace::resumeToSyscallExit(pid);
  pid_t child = 0;
  for (;;) {
    const TraceeStop stop = TraceeStop::waitFor(pid);
    if (stop.kind == TraceeStop::Kind::Clone) {
      child = static_cast<pid_t>(stop.message);
      Ptrace::resumeToSyscallExit(pid);
      continue;
    }
    if (stop.kind == TraceeStop::Kind::SyscallExit) break;
    throw std::runtime_error("a checkpoint could not be taken: the program stopped with " + stop.describe());
  }
  const int64_t result = static_cast<int64_t>(Ptrace::registers(pid).rax);
  user_regs_struct rewound = saved;
  rewound.rip -= 2;
  rewound.rax = saved.orig_rax;
  rewound.orig_rax = ~0ull;
  Ptrace::setRegisters(pid, rewound);
  if (child <= 0) {
    // A signal came in first (clone then fails with ERESTARTNOINTR): no copy this time.
    if (result == -kRestartNoIntr) return 0;
    throw std::runtime_error("a checkpoint could not be taken: clone failed with error " + std::to_string(-result));
  }
  const TraceeStop first = TraceeStop::waitFor(child);
  if (first.kind == TraceeStop::Kind::Exited) throw std::runtime_error("a checkpoint died at once");
  Ptrace::setRegisters(child, rewound);
  return child;
}

pid_t CheckpointForker::forkAtEntry(pid_t pid) {
  pid_t copy = 0;
  const int64_t result = StubSyscall::run(pid, SYS_clone, {CLONE_PARENT, 0, 0, 0, 0}, &copy);
  if (copy <= 0)
    throw std::runtime_error("the start checkpoint could not be taken: clone failed with error " +
                             std::to_string(-result));
  return copy;
}

pid_t CheckpointForker::forkFromCheckpoint(const NativeCheckpoint& from) {
  if (from.atEntry) return forkAtEntry(from.pid);
  const pid_t checkpoint = from.pid;
  Ptrace::resume(checkpoint);
  const TraceeStop stop = TraceeStop::waitFor(checkpoint);
  if (stop.kind != TraceeStop::Kind::SeccompEntry)
    throw std::runtime_error("a checkpoint did not stop at its system call (" + stop.describe() + ")");
  const pid_t copy = forkAtSyscallEntry(checkpoint);
  if (copy <= 0) throw std::runtime_error("a checkpoint could not be copied (a signal got in the way)");
  return copy;
}

}  // namespace rwd
