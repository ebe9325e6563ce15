// ProcessAttacher: PTRACE_ATTACH to each thread and clear refusals.
#include "process/ProcessAttacher.h"

#include <dirent.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstring>
#include <fstream>
#include <set>

#include "core/DebugError.h"

namespace rwd {

namespace {

std::vector<pid_t> listThreads(pid_t pid) {
  std::vector<pid_t> threads;
  DIR* dir = ::opendir(("/proc/" + std::to_string(pid) + "/task").c_str());
  if (!dir) return threads;
  while (dirent* entry = ::readdir(dir)) {
    if (entry->d_name[0] >= '0' && entry->d_name[0] <= '9') threads.push_back(std::atoi(entry->d_name));
  }
  ::closedir(dir);
  std::sort(threads.begin(), threads.end());
  return threads;
}

pid_t tracerOf(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("TracerPid:", 0) == 0) return std::atoi(line.c_str() + 10);
  }
  return 0;
}

std::string yamaScope() {
  std::ifstream scope("/proc/sys/kernel/yama/ptrace_scope");
  std::string value;
  std::getline(scope, value);
  return value;
}

[[noreturn]] void explainRefusal(pid_t pid, int error) {
  const std::string subject = "process " + std::to_string(pid);
  if (error == ESRCH)
    throw DebugError(DebugError::NoSuchProcess,
                     "There is no " + subject + " (it may have exited). Pick a running process.");
  if (pid_t tracer = tracerOf(pid)) {
    throw DebugError(DebugError::AttachRefused, "Cannot attach to " + subject + ": it is already traced by process " +
                                                    std::to_string(tracer) +
                                                    " (another debugger or strace). Detach that one first.");
  }
  const std::string scope = yamaScope();
  if (error == EPERM && !scope.empty() && scope != "0") {
    throw DebugError(
        DebugError::AttachRefused,
        "Cannot attach to " + subject + ": the kernel's Yama ptrace_scope is " + scope +
            ", which only lets a debugger trace its own children. Run `echo 0 | sudo tee /proc/sys/kernel/yama/ptrace_scope`, or launch the program from Rewind instead.");
  }
  if (error == EPERM) {
    throw DebugError(
        DebugError::AttachRefused,
        "Cannot attach to " + subject +
            ": permission denied (it belongs to another user, or it is set-uid). Run the debugger as that user, or launch the program from Rewind.");
  }
  throw DebugError(DebugError::AttachRefused, "Cannot attach to " + subject + ": " + std::strerror(error) + ".");
}

}  // namespace

std::vector<pid_t> ProcessAttacher::attach(pid_t pid) {
  if (pid <= 0) throw DebugError(DebugError::BadArgument, "processId must be a positive process id.");
  if (pid == ::getpid())
    throw DebugError(DebugError::AttachRefused, "Cannot attach to the debugger's own helper process.");
  std::set<pid_t> attached;
  // Threads may be created while we attach: repeat until the list is stable.
  for (bool grew = true; grew;) {
    grew = false;
    for (pid_t tid : listThreads(pid)) {
      if (attached.count(tid)) continue;
      if (::ptrace(PTRACE_ATTACH, tid, nullptr, nullptr) != 0) {
        int error = errno;
        if (tid != pid && error == ESRCH) continue;  // that thread just ended
        for (pid_t done : attached) ::ptrace(PTRACE_DETACH, done, nullptr, nullptr);
        explainRefusal(pid, error);
      }
      int status = 0;
      while (::waitpid(tid, &status, __WALL) < 0 && errno == EINTR) {}
      attached.insert(tid);
      grew = true;
    }
  }
  if (attached.empty()) explainRefusal(pid, ESRCH);
  return {attached.begin(), attached.end()};
}

std::string ProcessAttacher::executableOf(pid_t pid) {
  char path[PATH_MAX];
  ssize_t n = ::readlink(("/proc/" + std::to_string(pid) + "/exe").c_str(), path, sizeof path - 1);
  if (n <= 0) return "";
  path[n] = '\0';
  return path;
}

}  // namespace rwd
