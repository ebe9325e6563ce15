// CheckpointForker: fork checkpoints of a traced process. At a seccomp
// system-call entry stop the pending call is swapped for
// clone(CLONE_PARENT) — so the copy's parent is the tracer and the program
// never sees a child or a SIGCHLD — and both processes are then rewound to
// the `syscall` instruction with the original number, so each of them runs
// the program's own call next. The copy is auto-attached
// (PTRACE_O_TRACECLONE) and left stopped: a checkpoint. A replay process
// is forked the same way from a checkpoint, which stays put for later ones.
// The checkpoint at the program's start is forked at the exec stop through
// a code stub (StubSyscall), as no system call is pending there.
#pragma once

#include <sys/types.h>

namespace rwd {

class CheckpointForker {
 public:
  // `pid` is at a seccomp entry stop; returns the stopped copy, or 0 when a
  // signal arrived first (the kernel refuses to fork then; try again later).
  // Afterwards `pid` is stopped too, and resuming it runs the same system
  // call again (a new seccomp entry stop), after any pending signal.
  static pid_t forkAtSyscallEntry(pid_t pid);
  // `pid` is at its exec stop (or a copy of that state): returns a stopped
  // copy about to run the program's first instruction.
  static pid_t forkAtEntry(pid_t pid);
  // A new stopped process from `checkpoint` (stopped as forkAtSyscallEntry
  // or forkAtEntry left it). Resuming the copy runs from the same point.
  static pid_t forkFromCheckpoint(const struct NativeCheckpoint& checkpoint);
};

}  // namespace rwd
