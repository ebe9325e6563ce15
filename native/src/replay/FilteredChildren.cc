// FilteredChildren: pass-through tracing of a filtered program's children.
#include "replay/FilteredChildren.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

namespace rwd {

FilteredChildren::~FilteredChildren() {
  // They end with the session, as the program does.
  for (pid_t child : children_) {
    ::kill(child, SIGKILL);
    int status = 0;
    ::waitpid(child, &status, __WALL);
  }
}

void FilteredChildren::adopt(pid_t child) {
  children_.insert(child);
  ::ptrace(PTRACE_CONT, child, nullptr, nullptr);
}

bool FilteredChildren::onStatus(pid_t pid, int status) {
  if (!children_.count(pid)) {
    if (!announced_.count(pid)) return false;
    // The first stop of a child of a child.
    announced_.erase(pid);
    children_.insert(pid);
    ::ptrace(PTRACE_CONT, pid, nullptr, nullptr);
    return true;
  }
  if (WIFEXITED(status) || WIFSIGNALED(status)) {
    children_.erase(pid);
    return true;
  }
  if (!WIFSTOPPED(status)) return true;
  const int event = status >> 16;
  if (event == PTRACE_EVENT_FORK || event == PTRACE_EVENT_VFORK || event == PTRACE_EVENT_CLONE) {
    unsigned long message = 0;
    ::ptrace(PTRACE_GETEVENTMSG, pid, nullptr, &message);
    announced_.insert(static_cast<pid_t>(message));
  }
  const int signal = WSTOPSIG(status);
  // Event and system-call stops carry no signal to deliver; a signal stop does.
  const bool deliver = event == 0 && signal != SIGTRAP && signal != (SIGTRAP | 0x80);
  ::ptrace(PTRACE_CONT, pid, nullptr, reinterpret_cast<void*>(static_cast<intptr_t>(deliver ? signal : 0)));
  return true;
}

}  // namespace rwd
