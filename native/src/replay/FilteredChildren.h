// FilteredChildren: the processes a natively recorded program forks. They
// inherit the engine's seccomp filter, which cannot be taken off, and a
// process under that filter without a tracer gets ENOSYS from its system
// calls — so instead of being let go, each child stays traced here and is
// only passed along: its system-call stops and ptrace events resume it at
// once, its signals are delivered, its own children are kept the same way,
// and it is forgotten when it ends. It is not recorded or debugged.
#pragma once

#include <sys/types.h>

#include <set>

namespace rwd {

class FilteredChildren {
 public:
  ~FilteredChildren();
  // A child stopped at its first stop (its breakpoint bytes cleared by the caller): it runs on from here.
  void adopt(pid_t child);
  // A wait status of a process the debugger does not know: true when it
  // was one of these (handled), false otherwise.
  bool onStatus(pid_t pid, int status);
  bool empty() const { return children_.empty(); }

 private:
  std::set<pid_t> children_;
  // Announced by a ptrace event of a kept child, first stop not yet seen.
  std::set<pid_t> announced_;
};

}  // namespace rwd
