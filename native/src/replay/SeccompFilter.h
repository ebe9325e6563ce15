// SeccompFilter: the classic-BPF seccomp program of the native engine:
// SECCOMP_RET_TRACE for every system call except those SyscallPolicy lets
// run untraced (anonymous mmap is told apart by its flags) and the buffered
// calls made at the system-call buffer's allowed instruction (told apart by
// the instruction pointer, see SyscallBufferLayout.h). Installed by the
// child between fork and execve, after PR_SET_NO_NEW_PRIVS; the tracer must
// set PTRACE_O_TRACESECCOMP or traced calls fail with ENOSYS.
#pragma once

#include <linux/filter.h>

#include <vector>

namespace rwd {

class SeccompFilter {
 public:
  static std::vector<sock_filter> build();
  // In the child: installs the filter; returns false (errno set) on failure.
  // Async-signal-safe apart from the vector already built by the parent.
  static bool install(const std::vector<sock_filter>& program);
};

}  // namespace rwd
