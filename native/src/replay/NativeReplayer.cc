// NativeReplayer: the checked re-execution loop.
#include "replay/NativeReplayer.h"

#include <signal.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstddef>
#include <cstring>
#include <string>

#include "record/RemoteMemory.h"
#include "record/SyscallNames.h"
#include "registers/RegisterText.h"
#include "replay/CheckpointForker.h"
#include "replay/InstructionTrap.h"
#include "replay/MemoryDigest.h"
#include "replay/OutputDigest.h"
#include "replay/ProcMemFile.h"
#include "replay/Ptrace.h"
#include "replay/ReplayDivergence.h"
#include "replay/SignalFrameCapture.h"
#include "replay/SyscallBufferDrain.h"
#include "replay/SyscallPolicy.h"
#include "replay/TraceeStop.h"
#include "replay/TscPatcher.h"

namespace rwd {

namespace {

const char* kindName(NativeEvent::Kind kind) {
  switch (kind) {
    case NativeEvent::Kind::Syscall:
      return "a system call";
    case NativeEvent::Kind::Rdtsc:
      return "an rdtsc";
    case NativeEvent::Kind::Cpuid:
      return "a cpuid";
    case NativeEvent::Kind::Signal:
      return "a signal";
    case NativeEvent::Kind::Fault:
      return "a fault";
    case NativeEvent::Kind::Exit:
      return "the program's exit";
    case NativeEvent::Kind::Blocked:
      return "a blocking system call";
    case NativeEvent::Kind::Preempt:
      return "a thread switch";
    case NativeEvent::Kind::ThreadExit:
      return "a thread's end";
  }
  return "an event";
}

std::string describeCall(uint64_t number) { return SyscallNames::describe(number); }

}  // namespace

NativeReplayer::NativeReplayer(const NativeRecording& recording, size_t checkpointIndex) : recording_(recording) {
  const NativeCheckpoint& checkpoint = recording.checkpoints[checkpointIndex];
  next_ = checkpoint.eventIndex;
  // Files mapped before the checkpoint live on in its memory, but pages it
  // never touched come from the file: it must be the one recorded.
  for (size_t i = 0; i < next_ && i < recording.events.size(); ++i) {
    if (recording.events[i].mappedFile >= 0) recording.mappedFiles[recording.events[i].mappedFile].checkUnchanged();
  }
  pid_ = CheckpointForker::forkFromCheckpoint(checkpoint);
  threads_.push_back(ReplayThread{pid_, ReplayThread::State::Ready, 0});  // checkpoints hold the first thread only
  try {
    turnSyscallBufferOff(checkpoint);  // the copy then waits at the checkpoint until the first run
  } catch (...) {
    endReplay();  // no destructor runs for a constructor that throws
    throw;
  }
}

NativeReplayer::~NativeReplayer() { endReplay(); }

void NativeReplayer::turnSyscallBufferOff(const NativeCheckpoint& checkpoint) {
  // A copy taken after the program registered its system-call buffer holds
  // it on: off, every buffered call stops and is served from the log.
  const NativeRecording::SyscallBufferUse& buffer = recording_.syscallBuffer;
  if (!buffer.registered || checkpoint.eventIndex <= buffer.registrationEvent) return;
  if (!SyscallBufferDrain::switchOff(pid_))
    throw ReplayDivergence(next_, "the replay could not turn the program's system-call buffer off");
}

void NativeReplayer::endReplay() {
  std::vector<pid_t> others;
  for (size_t i = 1; i < threads_.size(); ++i)
    if (threads_[i].state != ReplayThread::State::Exited) others.push_back(threads_[i].tid);
  Ptrace::killAndReapThreads(pid_, others);
  pid_ = 0;
}

const NativeEvent& NativeReplayer::expect(const char* what) {
  if (next_ >= recording_.events.size())
    throw ReplayDivergence(next_, std::string("the program made ") + what + " after the end of the recording");
  return recording_.events[next_];
}

void NativeReplayer::countHits(HitCounter& counter, uint64_t address, uint64_t stopAtHit) {
  counter_ = &counter;
  counter.arm(pid_, address, stopAtHit);
}

bool NativeReplayer::runTo(size_t target) {
  if (finished_) return false;
  if (hitStop()) {  // on from the hit where runTo stopped; that count is done
    counter_ = nullptr;
    release();
  }
  for (;;) {
    if (!schedule(target)) return true;
    const TraceeStop stop = TraceeStop::waitFor(tid());
    switch (stop.kind) {
      case TraceeStop::Kind::SeccompEntry:
        threads_[current_].state = ReplayThread::State::AtEntry;
        if (!onSeccompEntry(target)) return true;
        if (finished_) return true;
        break;
      case TraceeStop::Kind::Signal:
        if (stop.signal == SIGTRAP && preemption_.seeking() && preemption_.onTrap(tid())) {
          if (!preemption_.foundNow()) {
            Ptrace::resume(tid());
            break;
          }
          ++next_;  // the thread stands where the recording switched away from it
          release();
          break;
        }
        if (counter_ && counter_->onStop(tid(), stop.signal)) {
          if (counter_->reachedStop()) return true;
          Ptrace::resume(tid());
          break;
        }
        onSignal(stop.signal);
        break;
      case TraceeStop::Kind::Exited:
        threads_[current_].state = ReplayThread::State::Exited;
        if (tid() != pid_)
          throw ReplayDivergence(next_, "a thread ended (" + stop.describe() + ") where the recording goes on");
        pid_ = 0;
        finished_ = true;
        if (next_ < recording_.events.size())
          throw ReplayDivergence(next_, "the program ended (" + stop.describe() + ") where the recording goes on");
        return false;
      default:
        throw ReplayDivergence(next_, "the program stopped with " + stop.describe());
    }
  }
}

bool NativeReplayer::schedule(size_t target) {
  for (;;) {
    if (next_ < recording_.events.size()) {
      const uint32_t thread = recording_.events[next_].thread;
      if (thread >= threads_.size() || threads_[thread].state == ReplayThread::State::Exited)
        throw ReplayDivergence(next_, "the recording has an event of thread " + std::to_string(thread) +
                                          ", which the replay does not have");
      current_ = thread;
    }
    ReplayThread& current = threads_[current_];
    if (current.state == ReplayThread::State::AtEntry) {  // held at a call: its turn has come
      if (!onSeccompEntry(target) || finished_) return false;
      continue;
    }
    if (current.state == ReplayThread::State::Ready) {
      if (next_ < recording_.events.size() && recording_.events[next_].kind == NativeEvent::Kind::Preempt)
        preemption_.seek(current.tid, recording_.events[next_], next_);
      Ptrace::resume(current.tid, current.signal);
      current.signal = 0;
      current.state = ReplayThread::State::Running;
    }
    return true;
  }
}

void NativeReplayer::release(int signal) {
  threads_[current_].state = ReplayThread::State::Ready;
  threads_[current_].signal = signal;
}

bool NativeReplayer::onSeccompEntry(size_t target) {
  user_regs_struct regs = Ptrace::registers(tid());
  const SyscallCall call = SyscallCall::atEntryStop(regs);
  if (next_ >= recording_.events.size()) {
    if (recording_.reachedExit)
      throw ReplayDivergence(next_,
                             "the program made system call " + describeCall(call.number) + " after its recorded exit");
    finished_ = true;  // the recording stopped early here; the replay is parked at its last point
    return false;
  }
  const NativeEvent& event = recording_.events[next_];
  if (event.kind != NativeEvent::Kind::Syscall && event.kind != NativeEvent::Kind::Exit &&
      event.kind != NativeEvent::Kind::Blocked && event.kind != NativeEvent::Kind::ThreadExit) {
    throw ReplayDivergence(next_, "the program made system call " + describeCall(call.number) + " at " +
                                      RegisterText::hex(regs.rip - 2) + " where the recording has " +
                                      kindName(event.kind));
  }
  if (event.number != call.number || std::memcmp(event.args, call.args, sizeof call.args) != 0 ||
      event.rip != regs.rip) {
    throw ReplayDivergence(next_, "the program made system call " + describeCall(call.number) + " at " +
                                      RegisterText::hex(regs.rip - 2) + " where the recording has " +
                                      describeCall(event.number) + " at " + RegisterText::hex(event.rip - 2) +
                                      (event.number == call.number ? " (other argument registers)" : ""));
  }
  if (next_ == target) return false;
  if (event.kind == NativeEvent::Kind::Exit) {
    checkFinalState(event, regs);
    return true;
  }
  if (event.kind == NativeEvent::Kind::Blocked) {  // the thread waits here until its result comes in the log
    ++next_;
    return true;
  }
  if (event.kind == NativeEvent::Kind::ThreadExit) {
    runThreadExit();
    ++next_;
    return true;
  }
  if (event.inputDigest != 0) {
    if (OutputDigest::of(tid(), call) != event.inputDigest)
      throw ReplayDivergence(next_, describeCall(call.number) + " hands out other bytes than in the recording");
    ++outputsChecked_;
  }
  // A signal the recording delivered at this call's exit: raise it now, so
  // the kernel delivers it at the same point.
  if (next_ + 1 < recording_.events.size() && recording_.events[next_ + 1].kind == NativeEvent::Kind::Signal)
    ::syscall(SYS_tgkill, pid_, tid(), recording_.events[next_ + 1].signal);
  if (event.newThread >= 0) runClone(event);
  else if (event.executed) runExecuted(event);
  else if (event.mappedFile >= 0) mapFileAgain(event, regs);
  else skipSyscall(event, regs);
  ++next_;
  release();
  return true;
}

user_regs_struct NativeReplayer::waitForExit(const NativeEvent& event) {
  Ptrace::resumeToSyscallExit(tid());
  const TraceeStop stop = TraceeStop::waitFor(tid());
  if (stop.kind == TraceeStop::Kind::Exited && tid() == pid_) pid_ = 0;
  if (stop.kind != TraceeStop::Kind::SyscallExit)
    throw ReplayDivergence(next_,
                           "the program stopped with " + stop.describe() + " inside " + describeCall(event.number));
  return Ptrace::registers(tid());
}

void NativeReplayer::runExecuted(const NativeEvent& event) {
  const user_regs_struct after = waitForExit(event);
  if (static_cast<int64_t>(after.rax) != event.result) {
    throw ReplayDivergence(next_, describeCall(event.number) + " returned " +
                                      std::to_string(static_cast<int64_t>(after.rax)) + " where the recording has " +
                                      std::to_string(event.result));
  }
}

void NativeReplayer::skipSyscall(const NativeEvent& event, user_regs_struct regs) {
  regs.orig_rax = ~0ull;
  Ptrace::setRegisters(tid(), regs);
  user_regs_struct after = waitForExit(event);
  after.rax = static_cast<uint64_t>(event.result);
  after.orig_rax = event.origRaxAtExit;
  Ptrace::setRegisters(tid(), after);
  writeLoggedMemory(event);
}

void NativeReplayer::writeLoggedMemory(const NativeEvent& event) {
  if (event.memory.empty()) return;
  std::vector<WritePiece> pieces;
  for (const MemoryPatch& patch : event.memory)
    pieces.push_back(WritePiece{patch.address, patch.bytes.data(), patch.bytes.size()});
  if (RemoteMemory(pid_, nullptr).writeAll(pieces) != 0)
    throw ReplayDivergence(next_, "the memory " + describeCall(event.number) + " wrote is not writable in the replay");
}

void NativeReplayer::mapFileAgain(const NativeEvent& event, user_regs_struct regs) {
  const MappedFile& file = recording_.mappedFiles[event.mappedFile];
  std::vector<uint8_t> bytes;
  try {
    bytes = file.contentsForReplay();
  } catch (const std::exception& error) { throw ReplayDivergence(next_, error.what()); }
  const user_regs_struct original = regs;
  regs.rdi = file.address;
  regs.rsi = file.length;
  regs.r10 = MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED;
  regs.r8 = ~0ull;
  regs.r9 = 0;
  Ptrace::setRegisters(tid(), regs);
  user_regs_struct after = waitForExit(event);
  if (after.rax != file.address)
    throw ReplayDivergence(
        next_, "the replay could not map " + file.path + " at " + RegisterText::hex(file.address) + " again");
  if (!ProcMemFile(pid_).write(file.address, bytes.data(), bytes.size()))
    throw ReplayDivergence(next_, "the replay could not fill the mapping of " + file.path);
  TscPatcher::patch(tid(), file.tscSites);
  // The kernel leaves the argument registers as they were: show the program's own.
  after.rdi = original.rdi;
  after.rsi = original.rsi;
  after.rdx = original.rdx;
  after.r10 = original.r10;
  after.r8 = original.r8;
  after.r9 = original.r9;
  after.orig_rax = event.origRaxAtExit;
  Ptrace::setRegisters(tid(), after);
}

void NativeReplayer::onSignal(int signal) {
  const user_regs_struct regs = Ptrace::registers(tid());
  const siginfo_t info = Ptrace::signalInfo(tid());
  if ((signal == SIGSEGV && info.si_code == SI_KERNEL) || (signal == SIGILL && !recording_.tscSites.empty())) {
    if (std::optional<NativeEvent> trap = InstructionTrap::recognize(tid(), regs, recording_.tscSites)) {
      const NativeEvent& event = expect(kindName(trap->kind));
      if (event.kind != trap->kind || event.rip != regs.rip || event.length != trap->length)
        throw ReplayDivergence(next_, std::string("the program ran ") + kindName(trap->kind) + " at " +
                                          RegisterText::hex(regs.rip) + " where the recording has " +
                                          kindName(event.kind) + " at " + RegisterText::hex(event.rip));
      Ptrace::setRegisters(tid(), InstructionTrap::apply(event, regs));
      ++next_;
      release();
      return;
    }
  }
  const NativeEvent& event = expect("a signal");
  if (info.si_code == SI_TKILL && info.si_pid == ::getpid()) {
    if (event.kind != NativeEvent::Kind::Signal || event.signal != signal)
      throw ReplayDivergence(next_,
                             "a recorded signal arrived where the recording has " + std::string(kindName(event.kind)));
    Ptrace::setSignalInfo(tid(), event.info);
    deliver(event, regs);
    return;
  }
  if (event.kind == NativeEvent::Kind::Fault && event.signal == signal && event.rip == regs.rip) {
    deliver(event, regs);
    return;
  }
  throw ReplayDivergence(next_, std::string("the program got signal ") +
                                    (sigabbrev_np(signal) ? sigabbrev_np(signal) : "?") + " at " +
                                    RegisterText::hex(regs.rip) + " where the recording has " + kindName(event.kind));
}

void NativeReplayer::deliver(const NativeEvent& event, const user_regs_struct& regs) {
  if (event.memory.empty()) {
    ++next_;
    release(event.signal);
    return;
  }
  // The recording logged the handler's frame: deliver the same way and give it the same bytes.
  const std::optional<std::vector<MemoryPatch>> frame = SignalFrameCapture::deliver(tid(), event.signal, regs);
  if (!frame || frame->front().address != event.memory.front().address ||
      frame->front().bytes.size() != event.memory.front().bytes.size())
    throw ReplayDivergence(next_, "the signal handler's frame lies elsewhere than in the recording");
  const MemoryPatch& logged = event.memory.front();
  if (RemoteMemory(pid_, nullptr).writeAll({WritePiece{logged.address, logged.bytes.data(), logged.bytes.size()}}) != 0)
    throw ReplayDivergence(next_, "the signal handler's frame is not writable in the replay");
  ++next_;
  release();
}

void NativeReplayer::checkFinalState(const NativeEvent& event, const user_regs_struct& regs) {
  finalRegisters_ = regs;
  finalMemoryDigest_ = MemoryDigest::ofWritableMemory(tid());
  finished_ = true;
  ++next_;
  if (std::memcmp(&regs, &event.finalRegisters, sizeof regs) != 0)
    throw ReplayDivergence(next_ - 1, "the registers at the program's exit differ from the recording");
  if (finalMemoryDigest_ != event.memoryDigest)
    throw ReplayDivergence(next_ - 1, "the program's memory at its exit differs from the recording");
}

void NativeReplayer::runClone(const NativeEvent& event) {
  Ptrace::resumeToSyscallExit(tid());
  TraceeStop stop = TraceeStop::waitFor(tid());
  pid_t created = 0;
  if (stop.kind == TraceeStop::Kind::Clone) {
    created = static_cast<pid_t>(stop.message);
    Ptrace::resumeToSyscallExit(tid());
    stop = TraceeStop::waitFor(tid());
  }
  if (stop.kind != TraceeStop::Kind::SyscallExit || created <= 0)
    throw ReplayDivergence(next_,
                           "the replay could not create the thread the recording created (" + stop.describe() + ")");
  const TraceeStop first = TraceeStop::waitFor(created);  // the new thread's first stop (SIGSTOP)
  if (first.kind != TraceeStop::Kind::Signal)
    throw ReplayDivergence(next_, "the replay's new thread stopped with " + first.describe() + " before its start");
  const size_t index = static_cast<size_t>(event.newThread);
  if (threads_.size() <= index) threads_.resize(index + 1);
  threads_[index] = ReplayThread{created, ReplayThread::State::Ready, 0};
  // The program sees the recorded thread id, in its registers and memory.
  user_regs_struct after = Ptrace::registers(tid());
  after.rax = static_cast<uint64_t>(event.result);
  after.orig_rax = event.origRaxAtExit;
  Ptrace::setRegisters(tid(), after);
  writeLoggedMemory(event);
}

void NativeReplayer::runThreadExit() {
  Ptrace::resume(tid());
  for (;;) {
    const TraceeStop stop = TraceeStop::waitFor(tid());
    if (stop.kind == TraceeStop::Kind::Exited) break;
    Ptrace::resume(tid());  // nothing of the thread runs any more
  }
  threads_[current_].state = ReplayThread::State::Exited;
}

}  // namespace rwd
