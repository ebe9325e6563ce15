// SessionNativeRecorder: the recording stops of a debuggee recorded natively.
#include "replay/SessionNativeRecorder.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "record/SyscallRestart.h"
#include "replay/CheckpointForker.h"
#include "replay/SyscallBufferPreload.h"
#include "replay/InstructionTrap.h"
#include "replay/NativeProgramSetup.h"
#include "replay/Ptrace.h"

namespace rwd {

namespace {

bool isSeccompStop(int status) { return (status >> 8) == (SIGTRAP | (PTRACE_EVENT_SECCOMP << 8)); }
bool isSyscallExitStop(int status) { return WIFSTOPPED(status) && WSTOPSIG(status) == (SIGTRAP | 0x80); }

std::string signalName(int signal) {
  const char* abbreviation = sigabbrev_np(signal);
  return abbreviation ? std::string("SIG") + abbreviation : "signal " + std::to_string(signal);
}

}  // namespace

std::optional<std::string> SessionNativeRecorder::unavailableReason() {
  if (const char* setting = std::getenv("REWIND_NATIVE_RECORDING"); setting && std::strcmp(setting, "off") == 0)
    return "native recording is not allowed here (REWIND_NATIVE_RECORDING=off)";
  std::ifstream actions("/proc/sys/kernel/seccomp/actions_avail");
  std::string list;
  if (!actions || !std::getline(actions, list))
    return "this kernel has no seccomp filters (no /proc/sys/kernel/seccomp/actions_avail)";
  std::istringstream words(list);
  for (std::string word; words >> word;) {
    if (word == "trace") return std::nullopt;
  }
  return "this kernel's seccomp filters cannot hand system calls to a tracer (no \"trace\" action)";
}

SessionNativeRecorder::SessionNativeRecorder()
    : logger_(recording_),
      buffer_(recording_),
      schedule_(CheckpointSchedule::kDefaultEveryEvents, CheckpointSchedule::kDefaultEveryMilliseconds,
                CheckpointSchedule::kDefaultMaxCheckpoints) {
  NativeProgramSetup::chooseTraps(recording_);
}

SessionNativeRecorder::~SessionNativeRecorder() = default;

std::string SessionNativeRecorder::chooseSyscallBuffer(const std::string& program,
                                                       const std::optional<std::string>& preloaded) {
  const SyscallBufferPreload::Choice choice = SyscallBufferPreload::choose(program, preloaded);
  recording_.syscallBuffer.note = choice.note;
  return choice.preload;
}

bool SessionNativeRecorder::drainBuffer(pid_t pid) {
  const std::string broken = buffer_.drain(pid);
  if (!broken.empty()) end(broken);
  return broken.empty();
}

void SessionNativeRecorder::catchUp() {
  if (active_ && pid_ > 0) drainBuffer(pid_);
}

void SessionNativeRecorder::start(pid_t pid) {
  pid_ = pid;
  NativeProgramSetup::atExec(pid, recording_, logger_);
  // The debugger may have placed breakpoints already (the dynamic loader's
  // hook): a replay from the start must not meet them.
  if (cleanCopy) cleanCopy(recording_.checkpoints.front().pid);
  active_ = true;
  schedule_.restartClock();
}

void SessionNativeRecorder::end(const std::string& why) {
  if (!active_) return;
  active_ = false;
  if (recording_.stopReason.empty()) recording_.stopReason = why;
  if (ended) ended(recording_.stopReason);
}

size_t SessionNativeRecorder::count(NativeEvent::Kind kind) const {
  size_t total = 0;
  for (const NativeEvent& event : recording_.events) total += event.kind == kind;
  return total;
}

SessionNativeRecorder::Handling SessionNativeRecorder::onStop(pid_t tid, int status) {
  if (!WIFSTOPPED(status)) return Handling::NotMine;
  // Before anything this stop logs (a broken buffer ends the recording; the stop is then judged as usual).
  if (active_) drainBuffer(tid);
  if (isSeccompStop(status)) return onSeccompStop(tid);
  if (isSyscallExitStop(status)) {
    // Only this class resumes to a system call's exit.
    if (awaitingExit_) {
      awaitingExit_ = false;
      if (active_) onSyscallExit(tid);
    }
    return Handling::ResumeAsBefore;
  }
  const int signal = WSTOPSIG(status);
  if (signal == SIGSEGV || signal == SIGILL) {
    const Handling trap = onTrap(tid, signal);
    if (trap != Handling::NotMine) return trap;
  }
  // Breakpoints, steps, pauses and the kernel probes' stops are the debugger's own.
  if (active_ && signal != SIGTRAP && signal != SIGSTOP && signal != SIGSTKFLT) {
    end("the program received " + signalName(signal) +
        "; native recording does not deliver signals inside the debugger yet");
  }
  return Handling::NotMine;
}

void SessionNativeRecorder::onSyscallExit(pid_t pid) {
  const user_regs_struct after = Ptrace::registers(pid);
  const int64_t result = static_cast<int64_t>(after.rax);
  if (syscallRestart::willRestart(result)) {
    // Interrupted by a stop (a pause): a signal for the program ends the
    // recording at its stop; otherwise the kernel makes the call again —
    // the same call, or restart_syscall for a sleep — and that is logged.
    logger_.abandon();
    if (result == -syscallRestart::kRestartBlock) restarting_ = pendingEntry_;
    return;
  }
  logger_.exit(pid, after);
}

SessionNativeRecorder::Handling SessionNativeRecorder::onSeccompStop(pid_t pid) {
  if (!active_) return Handling::ResumeAsBefore;  // the call runs as it is
  user_regs_struct regs = Ptrace::registers(pid);
  const bool restart = regs.orig_rax == SYS_restart_syscall;
  if (restart && !restarting_) {
    end("the program resumed an interrupted call the recording did not see (restart_syscall)");
    return Handling::ResumeAsBefore;
  }
  if (restart) {
    // Logged as the call it resumes: a replay, never interrupted, makes that one.
    regs.orig_rax = restarting_->orig_rax;
    restarting_.reset();
  } else if (schedule_.due(recording_.checkpoints, recording_.events.size())) {
    // The program is rewound to make this call again; it is logged then.
    takeCheckpoint(pid);
    return Handling::ResumeAsBefore;
  }
  if (buffer_.ownCall(pid, regs)) return Handling::ResumeAsBefore;
  pendingEntry_ = regs;
  switch (logger_.enter(pid, regs)) {
    case SyscallEventLogger::Next::Refused:
      end(logger_.refusal());
      return Handling::ResumeAsBefore;
    case SyscallEventLogger::Next::Resume:
      return Handling::ResumeAsBefore;
    case SyscallEventLogger::Next::AwaitExit:
      break;
  }
  awaitingExit_ = true;
  return Handling::ResumeToSyscallExit;
}

void SessionNativeRecorder::takeCheckpoint(pid_t pid) {
  schedule_.makeRoom(recording_.checkpoints);
  const auto start = std::chrono::steady_clock::now();
  NativeCheckpoint checkpoint{recording_.events.size(), 0, false};
  checkpoint.registers = Ptrace::registers(pid);
  pid_t copy = 0;
  try {
    copy = CheckpointForker::forkAtSyscallEntry(pid);
  } catch (const std::exception& error) {
    end(error.what());
    return;
  }
  if (copy <= 0) return;  // a signal got in the way: tried again at the next call
  checkpoint.pid = copy;
  if (cleanCopy) cleanCopy(copy);
  recording_.checkpoints.add(checkpoint);
  const auto finish = std::chrono::steady_clock::now();
  recording_.checkpointMilliseconds += std::chrono::duration<double, std::milli>(finish - start).count();
  ++recording_.checkpointsTaken;
  schedule_.taken(recording_.events.size());
}

SessionNativeRecorder::Handling SessionNativeRecorder::onTrap(pid_t pid, int signal) {
  const siginfo_t info = Ptrace::signalInfo(pid);
  if (signal == SIGSEGV && info.si_code != SI_KERNEL) return Handling::NotMine;
  if (signal == SIGILL && recording_.tscSites.empty()) return Handling::NotMine;
  const user_regs_struct regs = Ptrace::registers(pid);
  std::optional<NativeEvent> trap = InstructionTrap::recognize(pid, regs, recording_.tscSites);
  if (!trap) return Handling::NotMine;
  // Emulated even after the recording ended: the program's code still traps.
  InstructionTrap::execute(*trap, regs);
  Ptrace::setRegisters(pid, InstructionTrap::apply(*trap, regs));
  if (active_) recording_.events.push_back(std::move(*trap));
  return Handling::Emulated;
}

}  // namespace rwd
