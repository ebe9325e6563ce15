// NativeRecorder: launch under seccomp, per-stop handling, checkpoints.
#include "replay/NativeRecorder.h"

#include <asm/prctl.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

#include "record/RemoteMemory.h"
#include "record/SyscallEffects.h"
#include "replay/AuxvEditor.h"
#include "replay/CheckpointForker.h"
#include "replay/InstructionTrap.h"
#include "replay/MemoryDigest.h"
#include "replay/OutputDigest.h"
#include "replay/Ptrace.h"
#include "replay/SeccompFilter.h"
#include "replay/SignalFrameCapture.h"
#include "replay/StubSyscall.h"
#include "replay/SyscallPolicy.h"
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
      checkpointEveryEvents_(options_.checkpointEveryEvents),
      checkpointEveryMilliseconds_(options_.checkpointEveryMilliseconds) {}

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
  recording_.cpuidTrapped = InstructionTrap::cpuidFaultingAvailable();
  recording_.rdtscTrapped = TscPatcher::rdtscTraps();
  if (!recording_.cpuidTrapped) {
    // One CPU for the program and every copy of it: the same APIC ids in cpuid.
    recording_.pinnedCpu = ::sched_getcpu();
    if (recording_.pinnedCpu < 0) throw std::runtime_error("cannot tell which CPU the recorder runs on");
  }
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
    ::execv(options_.program.c_str(), argv.data());
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

void NativeRecorder::setUpImage() {
  if (!AuxvEditor::hideVdso(pid_)) throw std::runtime_error("the program's auxiliary vector has no vDSO entry to hide");
  if (recording_.cpuidTrapped && StubSyscall::run(pid_, SYS_arch_prctl, {ARCH_SET_CPUID, 0}) != 0)
    throw std::runtime_error("cpuid faulting (ARCH_SET_CPUID) failed in the program");
  if (StubSyscall::run(pid_, SYS_prctl, {PR_SET_TSC, PR_TSC_SIGSEGV}) != 0)
    throw std::runtime_error("this kernel cannot make rdtsc fault (PR_SET_TSC), which native recording needs");
  if (!recording_.rdtscTrapped) patchTscSites(TscPatcher::findInProcess(pid_));
  // The start checkpoint: replay can begin at the program's first instruction.
  const auto start = std::chrono::steady_clock::now();
  NativeCheckpoint first{0, CheckpointForker::forkAtEntry(pid_), true};
  first.registers = Ptrace::registers(pid_);
  recording_.checkpoints.add(first);
  recording_.checkpointMilliseconds +=
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ++recording_.checkpointsTaken;
}

NativeRecording NativeRecorder::record() {
  launch();
  lastCheckpointTime_ = std::chrono::steady_clock::now();
  Ptrace::resume(pid_);
  for (;;) {
    std::optional<TraceeStop> next = deferred_.empty() ? TraceeStop::waitFor(pid_)
                                                       : TraceeStop::waitFor(pid_, options_.heldSignalLimitMs);
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
        break;
      default:
        refuse("the program stopped unexpectedly (" + stop.describe() + ")");
        endProgram();
        return std::move(recording_);
    }
  }
}

void NativeRecorder::patchTscSites(const std::vector<TscSite>& sites) {
  TscPatcher::patch(pid_, sites);
  for (const TscSite& site : sites) recording_.tscSites[site.address] = site.length;
}

void NativeRecorder::refuse(const std::string& why) {
  if (recording_.stopReason.empty()) recording_.stopReason = why;
}

void NativeRecorder::maybeCheckpoint() {
  const double elapsed =
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - lastCheckpointTime_).count();
  const size_t since = recording_.events.size() - eventsAtLastCheckpoint_;
  if (!recording_.checkpoints.empty() && since < checkpointEveryEvents_ && elapsed < checkpointEveryMilliseconds_)
    return;
  if (!recording_.checkpoints.empty() && since == 0) return;
  takeCheckpoint();
}

void NativeRecorder::takeCheckpoint() {
  NativeCheckpoints& checkpoints = recording_.checkpoints;
  if (checkpoints.size() >= options_.maxCheckpoints && checkpoints.size() >= 2) {
    // Checkpoint half as often from now on.
    checkpoints.thinOut();
    checkpointEveryEvents_ *= 2;
    checkpointEveryMilliseconds_ *= 2;
  }
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
  eventsAtLastCheckpoint_ = recording_.events.size();
  lastCheckpointTime_ = end;
}

std::vector<MemoryPatch> NativeRecorder::readWrites(const SyscallCall& call, int64_t result,
                                                    const SyscallEffect& before) {
  const RemoteMemory memory(pid_, nullptr);
  const MemoryReader reader = [&memory](uint64_t address, void* out, size_t length) {
    return memory.read(address, out, length);
  };
  const SyscallEffect after = SyscallEffects::afterCall(call, before, result, reader);
  std::vector<MemoryPatch> patches;
  for (const MemoryRange& range : after.writes) {
    std::vector<uint8_t> bytes(range.length);
    std::vector<MemoryRange> readable;
    memory.readReadable(range.address, range.length, bytes.data(), readable);
    for (const MemoryRange& piece : readable) {
      const auto from = bytes.begin() + static_cast<long>(piece.address - range.address);
      patches.push_back(MemoryPatch{piece.address, std::vector<uint8_t>(from, from + static_cast<long>(piece.length))});
    }
  }
  return patches;
}

bool NativeRecorder::onSeccompEntry() {
  lastExit_.reset();
  maybeCheckpoint();
  user_regs_struct regs = Ptrace::registers(pid_);
  const SyscallCall call = SyscallCall::atEntryStop(regs);
  // Signals that arrived during computation are delivered at this call's exit.
  for (const siginfo_t& info : deferred_) {
    reraised_[info.si_signo] = info;
    ::syscall(SYS_tgkill, pid_, pid_, info.si_signo);
  }
  deferred_.clear();

  const SyscallPolicy::Decision decision = SyscallPolicy::decide(call);
  NativeEvent event;
  event.kind = NativeEvent::Kind::Syscall;
  event.rip = regs.rip;
  event.number = call.number;
  std::copy(std::begin(call.args), std::end(call.args), std::begin(event.args));
  switch (decision.treatment) {
    case SyscallPolicy::Treatment::Refused:
      refuse(decision.refusal);
      return false;
    case SyscallPolicy::Treatment::Exit:
      event.kind = NativeEvent::Kind::Exit;
      event.finalRegisters = regs;
      event.memoryDigest = MemoryDigest::ofWritableMemory(pid_);
      recording_.events.push_back(std::move(event));
      recording_.reachedExit = true;
      Ptrace::resume(pid_);
      return true;
    case SyscallPolicy::Treatment::Vetoed:
      regs.orig_rax = ~0ull;
      regs.rax = static_cast<uint64_t>(decision.vetoResult);
      Ptrace::setRegisters(pid_, regs);
      event.result = decision.vetoResult;
      event.origRaxAtExit = ~0ull;
      recording_.events.push_back(std::move(event));
      Ptrace::resume(pid_);
      return true;
    default:
      break;
  }
  SyscallEffect before;
  if (decision.treatment == SyscallPolicy::Treatment::Skipped) {
    const RemoteMemory memory(pid_, nullptr);
    before = SyscallEffects::beforeCall(call, [&memory](uint64_t address, void* out, size_t length) {
      return memory.read(address, out, length);
    });
    if (!before.known) {
      refuse(before.message());
      return false;
    }
    if (!before.mapChanges.empty()) {
      refuse("the program changes its memory map with " + before.name + ", which native replay does not reproduce");
      return false;
    }
    event.inputDigest = OutputDigest::of(pid_, call);
  }
  if (call.number == SYS_madvise && (call.args[2] == MADV_DONTNEED || call.args[2] == MADV_REMOVE ||
                                     call.args[2] == MADV_FREE)) {
    for (const MappedFile& file : recording_.mappedFiles) {
      if (file.overlaps(call.args[0], call.args[1])) {
        refuse("the program discards pages of the mapped file " + file.path + " (madvise), which native replay does not reproduce");
        return false;
      }
    }
  }
  Ptrace::resumeToSyscallExit(pid_);
  const TraceeStop exit = TraceeStop::waitFor(pid_);
  if (exit.kind == TraceeStop::Kind::Exited) {
    recording_.exitStatus = exit.exitStatus;
    pid_ = 0;
    refuse("the program ended during " + before.name);
    return false;
  }
  if (exit.kind != TraceeStop::Kind::SyscallExit) {
    refuse("the program stopped with " + exit.describe() + " inside a system call");
    return false;
  }
  const user_regs_struct after = Ptrace::registers(pid_);
  event.result = static_cast<int64_t>(after.rax);
  event.origRaxAtExit = after.orig_rax;
  if (decision.treatment == SyscallPolicy::Treatment::Executed) {
    event.executed = true;
  } else if (decision.treatment == SyscallPolicy::Treatment::FileMap) {
    if (event.result < 0 && event.result >= -4095) {
      // A failed mmap maps nothing; replay gives the same error.
    } else {
      MappedFile file = MappedFile::capture(pid_, static_cast<int>(call.args[4]), static_cast<uint64_t>(event.result),
                                            call.args[1], call.args[5]);
      if (!recording_.rdtscTrapped && (call.args[2] & PROT_EXEC)) {
        file.tscSites = TscPatcher::findSites(file.path, file.address, file.length, file.offset);
        patchTscSites(file.tscSites);
      }
      recording_.mappedFiles.push_back(std::move(file));
      event.mappedFile = static_cast<int>(recording_.mappedFiles.size() - 1);
    }
  } else {
    event.memory = readWrites(call, event.result, before);
  }
  recording_.events.push_back(std::move(event));
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
