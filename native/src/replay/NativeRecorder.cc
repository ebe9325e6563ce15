// NativeRecorder: launch under seccomp, per-stop handling, checkpoints.
#include "replay/NativeRecorder.h"

#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "replay/CheckpointForker.h"
#include "replay/InstructionTrap.h"
#include "replay/NativeProgramSetup.h"
#include "replay/Ptrace.h"
#include "replay/SeccompFilter.h"
#include "replay/SignalFrameCapture.h"
#include "replay/SyscallBufferPreload.h"
#include "replay/SyscallEventLogger.h"
#include "replay/TraceeStop.h"
#include "replay/TscPatcher.h"

namespace rwd {

namespace {

bool isFaultSignal(int signal, const siginfo_t& info) {
  if (info.si_code <= 0) return false;  // sent by kill/tgkill/sigqueue
  return signal == SIGSEGV || signal == SIGBUS || signal == SIGFPE || signal == SIGILL || signal == SIGTRAP;
}

bool sameRegisters(const user_regs_struct& a, const user_regs_struct& b) { return std::memcmp(&a, &b, sizeof a) == 0; }

constexpr long kTraceOptions = PTRACE_O_TRACESECCOMP | PTRACE_O_TRACEEXEC | PTRACE_O_TRACECLONE | PTRACE_O_TRACEFORK |
                               PTRACE_O_TRACEVFORK | PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL;

}  // namespace

NativeRecorder::NativeRecorder(Options options)
    : options_(std::move(options)),
      schedule_(options_.checkpointEveryEvents, options_.checkpointEveryMilliseconds, options_.maxCheckpoints),
      logger_(recording_),
      buffer_(recording_) {}

NativeRecorder::~NativeRecorder() { endProgram(); }

void NativeRecorder::endProgram() {
  Ptrace::killAndReap(pid_);
  pid_ = 0;
}

void NativeRecorder::launch() {
  if (::access(options_.program.c_str(), X_OK) != 0)
    throw std::runtime_error("cannot run " + options_.program + ": " + std::strerror(errno));
  const std::vector<sock_filter> filter = SeccompFilter::build();
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>(options_.program.c_str()));
  for (const std::string& argument : options_.arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  const char* preloaded = std::getenv("LD_PRELOAD");
  const SyscallBufferPreload::Choice buffer =
      SyscallBufferPreload::choose(options_.program, preloaded ? std::optional<std::string>(preloaded) : std::nullopt);
  recording_.syscallBuffer.note = buffer.note;
  std::vector<std::string> environment = SyscallBufferPreload::ownEnvironment();
  SyscallBufferPreload::apply(environment, buffer.preload);
  std::vector<char*> envp;
  for (std::string& entry : environment) envp.push_back(entry.data());
  envp.push_back(nullptr);
  NativeProgramSetup::chooseTraps(recording_);
  pid_ = ::fork();
  if (pid_ < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  if (pid_ == 0) {
    if (options_.outputFd >= 0) {
      ::dup2(options_.outputFd, 1);
      ::dup2(options_.outputFd, 2);
    }
    if (recording_.pinnedCpu >= 0) {
      cpu_set_t one;
      CPU_ZERO(&one);
      CPU_SET(recording_.pinnedCpu, &one);
      if (::sched_setaffinity(0, sizeof one, &one) != 0) ::_exit(124);
    }
    ::ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
    ::raise(SIGSTOP);
    if (::prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0) ::_exit(125);
    if (!SeccompFilter::install(filter)) ::_exit(126);
    ::execve(options_.program.c_str(), argv.data(), envp.data());
    ::_exit(127);
  }
  TraceeStop first = TraceeStop::waitFor(pid_);
  if (first.kind != TraceeStop::Kind::Signal) throw std::runtime_error("the program did not start under the recorder");
  Ptrace::setOptions(pid_, kTraceOptions);
  Ptrace::resume(pid_);
  for (;;) {
    const TraceeStop stop = TraceeStop::waitFor(pid_);
    if (stop.kind == TraceeStop::Kind::Exec) break;
    if (stop.kind == TraceeStop::Kind::Exited) {
      pid_ = 0;
      const int code = WIFEXITED(stop.exitStatus) ? WEXITSTATUS(stop.exitStatus) : -1;
      throw std::runtime_error(code == 126   ? "the kernel refused the seccomp filter native recording needs"
                               : code == 124 ? "the program could not be kept on one CPU (sched_setaffinity)"
                                             : "the program could not be started (" + stop.describe() + ")");
    }
    Ptrace::resume(pid_, stop.kind == TraceeStop::Kind::Signal ? stop.signal : 0);
  }
  setUpImage();
}

void NativeRecorder::setUpImage() { NativeProgramSetup::atExec(pid_, recording_, logger_); }

NativeRecording NativeRecorder::record() {
  launch();
  schedule_.restartClock();
  Ptrace::resume(pid_);
  for (;;) {
    std::optional<TraceeStop> next =
        deferred_.empty() ? TraceeStop::waitFor(pid_) : TraceeStop::waitFor(pid_, options_.heldSignalLimitMs);
    if (!next) {
      // A signal waits for a system call that does not come (the program may
      // even be spinning until the signal arrives): stop rather than hang.
      refuse(std::string("the program computes without system calls while signal ") +
             (sigabbrev_np(deferred_.front().si_signo) ? sigabbrev_np(deferred_.front().si_signo) : "?") +
             " waits; native recording can deliver signals only at system calls, so it stops here");
      endProgram();
      return std::move(recording_);
    }
    const TraceeStop stop = *next;
    switch (stop.kind) {
      case TraceeStop::Kind::Exited:
        recording_.exitStatus = stop.exitStatus;
        pid_ = 0;
        return std::move(recording_);
      case TraceeStop::Kind::SeccompEntry:
        if (!onSeccompEntry()) {
          endProgram();
          return std::move(recording_);
        }
        break;
      case TraceeStop::Kind::Signal:
        onSignal(stop.signal);
        if (!recording_.stopReason.empty()) {  // the system-call buffer was broken
          endProgram();
          return std::move(recording_);
        }
        break;
      default:
        refuse("the program stopped unexpectedly (" + stop.describe() + ")");
        endProgram();
        return std::move(recording_);
    }
  }
}

bool NativeRecorder::drainBuffer() {
  const std::string broken = buffer_.drain(pid_);
  if (!broken.empty()) refuse(broken);
  return broken.empty();
}

void NativeRecorder::refuse(const std::string& why) {
  if (recording_.stopReason.empty()) recording_.stopReason = why;
}

void NativeRecorder::maybeCheckpoint() {
  if (schedule_.due(recording_.checkpoints, recording_.events.size())) takeCheckpoint();
}

void NativeRecorder::takeCheckpoint() {
  NativeCheckpoints& checkpoints = recording_.checkpoints;
  schedule_.makeRoom(checkpoints);
  const auto start = std::chrono::steady_clock::now();
  NativeCheckpoint checkpoint{recording_.events.size(), 0, false};
  checkpoint.registers = Ptrace::registers(pid_);
  const pid_t copy = CheckpointForker::forkAtSyscallEntry(pid_);
  checkpoint.pid = copy;
  if (copy > 0) checkpoints.add(checkpoint);
  // The program was rewound to its system call: let it stop there again (a
  // pending signal is delivered first and comes back through onSignal).
  Ptrace::resume(pid_);
  for (;;) {
    const TraceeStop again = TraceeStop::waitFor(pid_);
    if (again.kind == TraceeStop::Kind::SeccompEntry) break;
    if (again.kind != TraceeStop::Kind::Signal)
      throw std::runtime_error("after a checkpoint the program stopped with " + again.describe());
    onSignal(again.signal);
  }
  if (copy <= 0) return;  // tried again at the next event
  const auto end = std::chrono::steady_clock::now();
  recording_.checkpointMilliseconds += std::chrono::duration<double, std::milli>(end - start).count();
  ++recording_.checkpointsTaken;
  schedule_.taken(recording_.events.size());
}

bool NativeRecorder::onSeccompEntry() {
  lastExit_.reset();
  if (!drainBuffer()) return false;  // the buffered calls came before this one
  maybeCheckpoint();
  if (!recording_.stopReason.empty()) return false;  // a signal stop while it was taken found the buffer broken
  const user_regs_struct regs = Ptrace::registers(pid_);
  // Signals that arrived during computation are delivered at this call's exit.
  for (const siginfo_t& info : deferred_) {
    reraised_[info.si_signo] = info;
    ::syscall(SYS_tgkill, pid_, pid_, info.si_signo);
  }
  deferred_.clear();

  if (buffer_.ownCall(pid_, regs)) {
    Ptrace::resume(pid_);
    return true;
  }
  switch (logger_.enter(pid_, regs)) {
    case SyscallEventLogger::Next::Refused:
      refuse(logger_.refusal());
      return false;
    case SyscallEventLogger::Next::Resume:
      Ptrace::resume(pid_);
      return true;
    case SyscallEventLogger::Next::AwaitExit:
      break;
  }
  Ptrace::resumeToSyscallExit(pid_);
  const TraceeStop exit = TraceeStop::waitFor(pid_);
  if (exit.kind == TraceeStop::Kind::Exited) {
    recording_.exitStatus = exit.exitStatus;
    pid_ = 0;
    refuse("the program ended during " + logger_.pendingName());
    return false;
  }
  if (exit.kind != TraceeStop::Kind::SyscallExit) {
    refuse("the program stopped with " + exit.describe() + " inside a system call");
    return false;
  }
  const user_regs_struct after = Ptrace::registers(pid_);
  logger_.exit(pid_, after);
  lastExit_ = after;
  Ptrace::resume(pid_);
  return true;
}

void NativeRecorder::deliverLogged(NativeEvent::Kind kind, const user_regs_struct& regs, const siginfo_t& info) {
  NativeEvent event;
  event.kind = kind;
  event.rip = regs.rip;
  event.signal = info.si_signo;
  event.info = info;
  if (!SignalFrameCapture::caught(pid_, event.signal)) {
    recording_.events.push_back(std::move(event));
    Ptrace::resume(pid_, info.si_signo);
    return;
  }
  std::optional<std::vector<MemoryPatch>> frame = SignalFrameCapture::deliver(pid_, event.signal, regs);
  if (frame) event.memory = std::move(*frame);
  recording_.events.push_back(std::move(event));
  if (frame) Ptrace::resume(pid_);
}

void NativeRecorder::onSignal(int signal) {
  const std::optional<user_regs_struct> exitRegisters = lastExit_;
  lastExit_.reset();
  if (!drainBuffer()) return;  // before anything this stop logs
  const user_regs_struct regs = Ptrace::registers(pid_);
  siginfo_t info = Ptrace::signalInfo(pid_);
  if ((signal == SIGSEGV && info.si_code == SI_KERNEL) || (signal == SIGILL && !recording_.tscSites.empty())) {
    if (std::optional<NativeEvent> trap = InstructionTrap::recognize(pid_, regs, recording_.tscSites)) {
      InstructionTrap::execute(*trap, regs);
      Ptrace::setRegisters(pid_, InstructionTrap::apply(*trap, regs));
      recording_.events.push_back(std::move(*trap));
      Ptrace::resume(pid_);
      return;
    }
  }
  if (isFaultSignal(signal, info)) {
    deliverLogged(NativeEvent::Kind::Fault, regs, info);
    return;
  }
  if (info.si_code == SI_TKILL && info.si_pid == ::getpid()) {
    auto found = reraised_.find(signal);
    if (found != reraised_.end()) {
      info = found->second;
      Ptrace::setSignalInfo(pid_, info);
      reraised_.erase(found);
    }
  }
  if (exitRegisters && sameRegisters(*exitRegisters, regs) && !recording_.events.empty() &&
      recording_.events.back().kind == NativeEvent::Kind::Syscall) {
    deliverLogged(NativeEvent::Kind::Signal, regs, info);
    return;
  }
  // Arrived during computation, where replay could not place it: hold it
  // back until the next system call.
  deferred_.push_back(info);
  Ptrace::resume(pid_);
}

}  // namespace rwd
