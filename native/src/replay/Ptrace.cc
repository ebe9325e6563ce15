// Ptrace: checked wrappers over ptrace(2).
#include "replay/Ptrace.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>
#include <string>

namespace rwd {

void Ptrace::killAndReap(pid_t pid) {
  if (pid <= 0) return;
  ::kill(pid, SIGKILL);
  int status = 0;
  while (::waitpid(pid, &status, __WALL) < 0 && errno == EINTR) {}
}

void Ptrace::killAndReapThreads(pid_t leader, const std::vector<pid_t>& others) {
  if (leader <= 0) return;
  ::kill(leader, SIGKILL);
  for (pid_t tid : others) {
    int status = 0;
    while (::waitpid(tid, &status, __WALL) < 0 && errno == EINTR) {}
  }
  killAndReap(leader);
}

void Ptrace::fail(const char* what, pid_t pid) {
  throw std::runtime_error(std::string(what) + " failed for process " + std::to_string(pid) + ": " +
                           std::strerror(errno));
}

user_regs_struct Ptrace::registers(pid_t pid) {
  user_regs_struct regs{};
  if (::ptrace(PTRACE_GETREGS, pid, nullptr, &regs) != 0) fail("PTRACE_GETREGS", pid);
  return regs;
}

void Ptrace::setRegisters(pid_t pid, const user_regs_struct& regs) {
  if (::ptrace(PTRACE_SETREGS, pid, nullptr, &regs) != 0) fail("PTRACE_SETREGS", pid);
}

siginfo_t Ptrace::signalInfo(pid_t pid) {
  siginfo_t info{};
  if (::ptrace(PTRACE_GETSIGINFO, pid, nullptr, &info) != 0) fail("PTRACE_GETSIGINFO", pid);
  return info;
}

void Ptrace::setSignalInfo(pid_t pid, const siginfo_t& info) {
  if (::ptrace(PTRACE_SETSIGINFO, pid, nullptr, &info) != 0) fail("PTRACE_SETSIGINFO", pid);
}

void Ptrace::resume(pid_t pid, int signal) {
  if (::ptrace(PTRACE_CONT, pid, nullptr, reinterpret_cast<void*>(static_cast<long>(signal))) != 0)
    fail("PTRACE_CONT", pid);
}

void Ptrace::resumeToSyscallExit(pid_t pid, int signal) {
  if (::ptrace(PTRACE_SYSCALL, pid, nullptr, reinterpret_cast<void*>(static_cast<long>(signal))) != 0)
    fail("PTRACE_SYSCALL", pid);
}

void Ptrace::step(pid_t pid, int signal) {
  if (::ptrace(PTRACE_SINGLESTEP, pid, nullptr, reinterpret_cast<void*>(static_cast<long>(signal))) != 0)
    fail("PTRACE_SINGLESTEP", pid);
}

void Ptrace::setOptions(pid_t pid, long options) {
  if (::ptrace(PTRACE_SETOPTIONS, pid, nullptr, reinterpret_cast<void*>(options)) != 0) fail("PTRACE_SETOPTIONS", pid);
}

uint64_t Ptrace::eventMessage(pid_t pid) {
  unsigned long message = 0;
  if (::ptrace(PTRACE_GETEVENTMSG, pid, nullptr, &message) != 0) fail("PTRACE_GETEVENTMSG", pid);
  return message;
}

}  // namespace rwd
