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

#include <linux/sched.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <stdexcept>

#include "replay/CheckpointForker.h"
#include "replay/InstructionTrap.h"
#include "replay/MemoryDigest.h"
#include "replay/ProcMemFile.h"
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
      buffer_(recording_) {
  logger_.allowThreads();
}

NativeRecorder::~NativeRecorder() { endProgram(); }

void NativeRecorder::endProgram() {
  Ptrace::killAndReapThreads(pid_, threads_ ? threads_->otherLiveTids() : std::vector<pid_t>{});
  pid_ = 0;
}

pid_t NativeRecorder::tid() const { return threads_ ? threads_->current().tid : pid_; }

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
  threads_ = std::make_unique<ThreadScheduler>(recording_, pid_, logger_);
  schedule_.restartClock();
  Ptrace::resume(pid_);
  for (;;) {
    std::optional<TraceeStop> next;
    if (!deferred_.empty()) next = TraceeStop::waitFor(tid(), options_.heldSignalLimitMs);
    else if (threads_->alive() > 1) next = threads_->waitForCurrent(options_.timeSliceMs);
    else next = TraceeStop::waitFor(tid());
    if (!next && deferred_.empty()) {
      // The thread computed for a whole slice: another one gets its turn.
      if (!threads_->current().interruptPending && threads_->anotherCanRun()) preempt();
      continue;
    }
    if (!next) {
      // A signal waits for a system call that does not come (the program may
      // even be spinning until the signal arrives): stop rather than hang.
      refuse(std::string("the program computes without system calls while signal ") +
             (sigabbrev_np(deferred_.front().si_signo) ? sigabbrev_np(deferred_.front().si_signo) : "?") +
             " waits; native recording can deliver signals only at system calls, so it stops here");
      endProgram();
      return std::move(recording_);
    }
    const bool goOn = handle(*next);
    tagNewEvents(threads_->currentIndex());
    if (!goOn) {
      endProgram();
      return std::move(recording_);
    }
    if (switchWanted_) {
      switchWanted_ = false;
      if (!switchThread()) {
        endProgram();
        return std::move(recording_);
      }
    }
  }
}

bool NativeRecorder::handle(const TraceeStop& stop) {
  switch (stop.kind) {
    case TraceeStop::Kind::Exited:
      if (threads_->alive() > 1 && tid() != pid_) {  // a thread ended without its exit call stopping
        threads_->current().state = ThreadScheduler::State::Exited;
        switchWanted_ = true;
        return true;
      }
      recording_.exitStatus = stop.exitStatus;
      if (threads_->alive() > 1) endProgram();
      pid_ = 0;
      return false;
    case TraceeStop::Kind::SeccompEntry:
      return onSeccompEntry();
    case TraceeStop::Kind::Signal:
      onSignal(stop.signal);
      return recording_.stopReason.empty();  // else the system-call buffer was broken
    default:
      refuse("the program stopped unexpectedly (" + stop.describe() + ")");
      return false;
  }
}

bool NativeRecorder::drainBuffer() {
  const std::string broken = buffer_.drain(tid());
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
  if (threads_->current().interruptPending) {
    undoStrayInterrupt();
    return true;
  }
  lastExit_.reset();
  if (!drainBuffer()) return false;  // the buffered calls came before this one
  // A fork copies only the calling thread: checkpoints while there is one.
  if (threads_->alive() == 1 && threads_->currentIndex() == 0) maybeCheckpoint();
  if (!recording_.stopReason.empty()) return false;  // a signal stop while it was taken found the buffer broken
  const pid_t thread = tid();
  const user_regs_struct regs = Ptrace::registers(thread);
  // Signals that arrived during computation are delivered at this call's exit.
  for (const siginfo_t& info : deferred_) {
    reraised_[info.si_signo] = info;
    ::syscall(SYS_tgkill, pid_, thread, info.si_signo);
  }
  deferred_.clear();

  if (buffer_.ownCall(thread, regs)) {
    Ptrace::resume(thread);
    return true;
  }
  const SyscallCall call = SyscallCall::atEntryStop(regs);
  const bool threaded = threads_->alive() > 1;
  if (threaded && call.number == SYS_exit) return onThreadExit(regs);
  SyscallEventLogger& logger = *threads_->current().logger;
  switch (logger.enter(thread, regs)) {
    case SyscallEventLogger::Next::Refused:
      refuse(logger.refusal());
      return false;
    case SyscallEventLogger::Next::Resume:
      if (threaded && recording_.reachedExit) {
        finishGroupExit();
        return false;
      }
      Ptrace::resume(thread);
      return true;
    case SyscallEventLogger::Next::AwaitExit:
      break;
  }
  if (call.number == SYS_clone) return onClone(call);
  if (threaded && ThreadScheduler::mayBlock(call)) {
    blockInKernel(regs, call);
    return true;
  }
  Ptrace::resumeToSyscallExit(thread);
  std::optional<TraceeStop> exited =
      threaded ? threads_->waitForCurrent(options_.timeSliceMs) : TraceeStop::waitFor(thread);
  if (!exited) {
    // A call the recorder did not know could block has taken a whole slice:
    // nothing else ran since its entry, so it is logged as blocked there.
    logBlocked(regs, call);
    return true;
  }
  const TraceeStop exit = *exited;
  if (exit.kind == TraceeStop::Kind::Exited) {
    recording_.exitStatus = exit.exitStatus;
    pid_ = 0;
    refuse("the program ended during " + logger.pendingName());
    return false;
  }
  if (exit.kind != TraceeStop::Kind::SyscallExit) {
    refuse("the program stopped with " + exit.describe() + " inside a system call");
    return false;
  }
  const user_regs_struct after = Ptrace::registers(thread);
  logger.exit(thread, after);
  lastExit_ = after;
  if (threaded && call.number == SYS_sched_yield) {
    threads_->current().state = ThreadScheduler::State::Held;  // it stands at the call's exit
    switchWanted_ = true;
    return true;
  }
  Ptrace::resume(thread);
  return true;
}

void NativeRecorder::deliverLogged(NativeEvent::Kind kind, const user_regs_struct& regs, const siginfo_t& info) {
  NativeEvent event;
  event.kind = kind;
  event.rip = regs.rip;
  event.signal = info.si_signo;
  event.info = info;
  if (!SignalFrameCapture::caught(tid(), event.signal)) {
    recording_.events.push_back(std::move(event));
    Ptrace::resume(tid(), info.si_signo);
    return;
  }
  std::optional<std::vector<MemoryPatch>> frame = SignalFrameCapture::deliver(tid(), event.signal, regs);
  if (frame) event.memory = std::move(*frame);
  recording_.events.push_back(std::move(event));
  if (frame) Ptrace::resume(tid());
}

void NativeRecorder::onSignal(int signal) {
  const pid_t thread = tid();
  if (signal == SIGSTOP && threads_->current().interruptPending) {
    const siginfo_t sent = Ptrace::signalInfo(thread);
    if (sent.si_code == SI_TKILL && sent.si_pid == ::getpid()) {
      onPreempted();
      return;
    }
  }
  const std::optional<user_regs_struct> exitRegisters = lastExit_;
  lastExit_.reset();
  if (!drainBuffer()) return;  // before anything this stop logs
  const user_regs_struct regs = Ptrace::registers(thread);
  siginfo_t info = Ptrace::signalInfo(thread);
  if ((signal == SIGSEGV && info.si_code == SI_KERNEL) || (signal == SIGILL && !recording_.tscSites.empty())) {
    if (std::optional<NativeEvent> trap = InstructionTrap::recognize(thread, regs, recording_.tscSites)) {
      InstructionTrap::execute(*trap, regs);
      Ptrace::setRegisters(thread, InstructionTrap::apply(*trap, regs));
      recording_.events.push_back(std::move(*trap));
      Ptrace::resume(thread);
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
      Ptrace::setSignalInfo(thread, info);
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
  Ptrace::resume(thread);
}

// --- Threads -------------------------------------------------------------

void NativeRecorder::tagNewEvents(size_t thread) {
  for (; tagged_ < recording_.events.size(); ++tagged_)
    recording_.events[tagged_].thread = static_cast<uint32_t>(thread);
}

bool NativeRecorder::onClone(const SyscallCall& call) {
  const pid_t thread = tid();
  SyscallEventLogger& logger = *threads_->current().logger;
  // Buffered calls made by several threads could not be put in one order:
  // from the second thread on, every call stops.
  if (threads_->alive() == 1 && recording_.syscallBuffer.registered && !buffer_.switchOffForGood(pid_)) {
    refuse("the program's system-call buffer could not be turned off for its threads");
    return false;
  }
  Ptrace::resumeToSyscallExit(thread);
  TraceeStop stop = TraceeStop::waitFor(thread);
  pid_t created = 0;
  if (stop.kind == TraceeStop::Kind::Clone) {
    created = static_cast<pid_t>(stop.message);
    Ptrace::resumeToSyscallExit(thread);
    stop = TraceeStop::waitFor(thread);
  }
  if (stop.kind != TraceeStop::Kind::SyscallExit) {
    refuse("the program stopped with " + stop.describe() + " while it created a thread");
    return false;
  }
  if (created > 0) {
    const TraceeStop first = TraceeStop::waitFor(created);  // the new thread's first stop (SIGSTOP)
    if (first.kind != TraceeStop::Kind::Signal) {
      refuse("the new thread stopped with " + first.describe() + " before its start");
      return false;
    }
  }
  const user_regs_struct after = Ptrace::registers(thread);
  logger.exit(thread, after);
  NativeEvent& event = recording_.events.back();
  if (created > 0) {
    event.newThread = static_cast<int>(threads_->add(created));
    // The kernel wrote the new thread's id into the program: the replay's id
    // differs, so the recorded one is written back there.
    const ProcMemFile memory(pid_);
    for (const auto& [flag, address] : {std::pair<uint64_t, uint64_t>{CLONE_PARENT_SETTID, call.args[2]},
                                        std::pair<uint64_t, uint64_t>{CLONE_CHILD_SETTID, call.args[3]}}) {
      if (!(call.args[0] & flag)) continue;
      MemoryPatch patch{address, std::vector<uint8_t>(sizeof(pid_t))};
      if (memory.read(address, patch.bytes.data(), patch.bytes.size())) event.memory.push_back(std::move(patch));
    }
  }
  lastExit_ = after;
  Ptrace::resume(thread);
  return true;
}

bool NativeRecorder::onThreadExit(const user_regs_struct& regs) {
  const pid_t thread = tid();
  if (thread == pid_) {
    refuse(
        "the program's first thread ends while others go on (pthread_exit in main); native recording does not "
        "cover that");
    return false;
  }
  NativeEvent event;
  event.kind = NativeEvent::Kind::ThreadExit;
  event.rip = regs.rip;
  const SyscallCall call = SyscallCall::atEntryStop(regs);
  event.number = call.number;
  std::copy(std::begin(call.args), std::end(call.args), std::begin(event.args));
  recording_.events.push_back(std::move(event));
  Ptrace::resume(thread);
  for (;;) {
    const TraceeStop stop = TraceeStop::waitFor(thread);
    if (stop.kind == TraceeStop::Kind::Exited) break;
    Ptrace::resume(thread);  // nothing of the thread runs any more
  }
  threads_->current().state = ThreadScheduler::State::Exited;
  switchWanted_ = true;
  return true;
}

void NativeRecorder::blockInKernel(const user_regs_struct& regs, const SyscallCall& call) {
  Ptrace::resumeToSyscallExit(tid());
  logBlocked(regs, call);
}

void NativeRecorder::logBlocked(const user_regs_struct& regs, const SyscallCall& call) {
  // The entry is an event now: what the thread did before it came first.
  // The kernel runs the call while others run; its result is logged when
  // the thread runs again (switchThread).
  NativeEvent event;
  event.kind = NativeEvent::Kind::Blocked;
  event.rip = regs.rip;
  event.number = call.number;
  std::copy(std::begin(call.args), std::end(call.args), std::begin(event.args));
  recording_.events.push_back(std::move(event));
  ThreadScheduler::Thread& me = threads_->current();
  me.state = ThreadScheduler::State::InKernel;
  me.stopSeen.reset();
  switchWanted_ = true;
}

void NativeRecorder::preempt() {
  ThreadScheduler::Thread& me = threads_->current();
  me.interruptPending = true;
  ::syscall(SYS_tgkill, pid_, me.tid, SIGSTOP);  // its stop comes back through onSignal (onPreempted)
}

void NativeRecorder::onPreempted() {
  ThreadScheduler::Thread& me = threads_->current();
  me.interruptPending = false;
  lastExit_.reset();
  if (!drainBuffer()) return;
  const user_regs_struct regs = Ptrace::registers(me.tid);
  NativeEvent event;
  event.kind = NativeEvent::Kind::Preempt;
  event.rip = regs.rip;
  event.finalRegisters = regs;
  event.memoryDigest = MemoryDigest::ofWritableMemory(me.tid);
  recording_.events.push_back(std::move(event));
  ++recording_.preemptions;
  me.state = ThreadScheduler::State::Held;  // the SIGSTOP is swallowed when it runs again
  switchWanted_ = true;
}

void NativeRecorder::undoStrayInterrupt() {
  // The thread reached a system call before the recorder's SIGSTOP: the
  // call is skipped, the signal taken, and the thread put back on its
  // `syscall` instruction, which it runs again — nothing happened.
  ThreadScheduler::Thread& me = threads_->current();
  user_regs_struct regs = Ptrace::registers(me.tid);
  const user_regs_struct atEntry = regs;
  regs.orig_rax = ~0ull;
  Ptrace::setRegisters(me.tid, regs);
  Ptrace::resumeToSyscallExit(me.tid);
  TraceeStop stop = TraceeStop::waitFor(me.tid);
  while (stop.kind != TraceeStop::Kind::Signal || stop.signal != SIGSTOP) {
    if (stop.kind == TraceeStop::Kind::Exited) throw std::runtime_error("a thread ended while it was interrupted");
    Ptrace::resume(me.tid);
    stop = TraceeStop::waitFor(me.tid);
  }
  me.interruptPending = false;
  regs = atEntry;
  regs.rip -= 2;  // the syscall instruction
  regs.rax = atEntry.orig_rax;
  regs.orig_rax = ~0ull;
  Ptrace::setRegisters(me.tid, regs);
  Ptrace::resume(me.tid);
}

bool NativeRecorder::switchThread() {
  for (;;) {
    const std::optional<size_t> next = threads_->pickNext();
    if (!next) {
      refuse("every thread of the program ended without its exit");
      return false;
    }
    ThreadScheduler::Thread& thread = threads_->at(*next);
    const bool fromKernel = thread.state == ThreadScheduler::State::InKernel;
    const std::optional<TraceeStop> stop = thread.stopSeen;
    thread.stopSeen.reset();
    threads_->makeCurrent(*next);
    lastExit_.reset();
    if (fromKernel) {
      if (stop->kind == TraceeStop::Kind::Exited) {
        thread.state = ThreadScheduler::State::Exited;
        continue;
      }
      if (stop->kind != TraceeStop::Kind::SyscallExit) {
        refuse("a thread stopped with " + stop->describe() + " inside " + thread.logger->pendingName() +
               "; native recording of threads does not cover signals during blocking calls yet");
        return false;
      }
      const user_regs_struct after = Ptrace::registers(thread.tid);
      thread.logger->exit(thread.tid, after);
      tagNewEvents(*next);
      lastExit_ = after;
    }
    Ptrace::resume(thread.tid);
    return true;
  }
}

void NativeRecorder::finishGroupExit() {
  // exit_group with other threads alive: the Exit event holds the final
  // state; every thread is reaped, the first one last.
  Ptrace::resume(tid());
  for (pid_t other : threads_->otherLiveTids()) {
    for (;;) {
      int status = 0;
      const pid_t waited = ::waitpid(other, &status, __WALL);
      if (waited < 0 && errno == EINTR) continue;
      if (waited < 0 || WIFEXITED(status) || WIFSIGNALED(status)) break;
    }
  }
  for (size_t i = 1; i < threads_->size(); ++i) threads_->at(i).state = ThreadScheduler::State::Exited;
  for (;;) {
    const TraceeStop stop = TraceeStop::waitFor(pid_);
    if (stop.kind == TraceeStop::Kind::Exited) {
      recording_.exitStatus = stop.exitStatus;
      break;
    }
  }
  pid_ = 0;
}

}  // namespace rwd
