// Process (continued): what one wait status means — a thread's birth and
// end, the process's exit, ptrace events (clone, fork, vfork, exec; a
// forked child let go or followed), the native recorder's stops, recorded
// steps and signal stops — turned into StopEvents. Resuming and stopping
// threads is in Process.cc.
#include "process/DisplacedCode.h"
#include "process/Process.h"
#include "process/WaitStatus.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/wait.h>

#include <algorithm>

namespace rwd {

namespace {

bool takeFrom(std::vector<pid_t>& list, pid_t tid) {
  auto it = std::find(list.begin(), list.end(), tid);
  if (it == list.end()) return false;
  list.erase(it);
  return true;
}

}  // namespace

void Process::onNewThread(pid_t tid, std::vector<StopEvent>& out) {
  auto task = newTask(tid);
  Task& created = *task;
  tasks_[tid] = std::move(task);
  if (onThreadCreated) onThreadCreated(tid);
  if (runningFreely_ && observingSteps()) created.startRecordedRun();  // runs as recorded steps
  else if (runningFreely_) created.resume();
  out.push_back(StopEvent{StopKind::ThreadStarted, tid});
}

void Process::detachForkedChild(pid_t child, bool sharesMemory) {
  int status = waitFor(child);  // its first stop (SIGSTOP)
  if (status != -1 && WIFSTOPPED(status)) {
    if (keepForkedChild) {
      // A vfork child shares our memory, whose breakpoints are suspended until it execs.
      if (!sharesMemory) memory_->clearBreakpointsIn(child);
      keepForkedChild(child);
      return;
    }
    memory_->clearBreakpointsIn(child);
    ::ptrace(PTRACE_DETACH, child, nullptr, nullptr);
  }
}

bool Process::followForkedChild(pid_t child, bool sharesMemory, std::vector<StopEvent>& out) {
  int status = waitFor(child);                            // its first stop
  if (status == -1 || !WIFSTOPPED(status)) return false;  // gone already: stay with the parent
  // The parent goes on without the debugger: every thread stopped, its
  // breakpoint bytes out (a vfork child shares them; they stay suspended
  // until it execs), its threads let go. The child stays stopped: the run
  // controller resumes it (or goes on with a step there).
  stopAll();
  deferred_.clear();  // news of the parent, which is left behind
  for (pid_t tid : announcedThreads_) {
    if (waitFor(tid) != -1) earlyThreads_.push_back(tid);
  }
  if (!sharesMemory) memory_->clearBreakpointsIn(pid_);
  // From here the breakpoint bytes go into the child; what only the parent
  // has (kernel probes) goes while the parent is still stopped.
  memory_->moveTo(child);
  if (beforeLeavingParent) beforeLeavingParent(child);
  const pid_t parent = pid_;
  StopEvent followed{StopKind::FollowedFork, child};
  followed.otherPid = parent;
  out.push_back(followed);
  for (auto& [tid, task] : tasks_) {
    ::ptrace(PTRACE_DETACH, tid, nullptr, reinterpret_cast<void*>(static_cast<intptr_t>(task->pendingSignal)));
    if (onThreadGone) onThreadGone(tid);
    out.push_back(StopEvent{StopKind::ThreadExited, tid});
  }
  for (pid_t tid : earlyThreads_) ::ptrace(PTRACE_DETACH, tid, nullptr, nullptr);
  ::kill(parent, SIGCONT);  // a SIGSTOP of ours may still be pending
  announcedThreads_.clear();
  earlyThreads_.clear();
  tasks_.clear();
  pid_ = child;
  tasks_[child] = newTask(child);
  if (onThreadCreated) onThreadCreated(child);
  out.push_back(StopEvent{StopKind::ThreadStarted, child});
  return true;
}

void Process::handleStatus(pid_t tid, int status, std::vector<StopEvent>& out) {
  Task* current = task(tid);
  if (!current) return handleStrangerStatus(tid, status, out);
  if (status == -1 || WIFEXITED(status) || WIFSIGNALED(status)) return handleTaskEnd(tid, status, out);
  settleStop(*current);
  const int signal = WSTOPSIG(status);
  // A native recording's stop inside an observed step (a system call's
  // entry and exit, an emulated instruction) is part of that step: the
  // observers see it end once the instruction is done.
  if (nativeStop && (eventOf(status) == PTRACE_EVENT_SECCOMP || signal == (SIGTRAP | 0x80) || signal == SIGSEGV ||
                     signal == SIGILL)) {
    if (handleNativeStop(*current, status, out)) return;
  }
  const bool observerStops = closeObservedStep(*current);
  if (current->inRecordedRun() && signal == SIGTRAP && eventOf(status) == 0 && current->lastResumeWasStep() &&
      (!hardwareTrapsPossible || signalInfo(tid).si_code == TRAP_TRACE)) {
    return handleRecordedStep(*current, observerStops, out);
  }
  if (signal == SIGTRAP && eventOf(status) != 0) return handlePtraceEvent(*current, eventOf(status), out);
  handleSignalStop(*current, signal, out);
}

void Process::handleStrangerStatus(pid_t tid, int status, std::vector<StopEvent>& out) {
  if (otherProcessStatus && status != -1 && otherProcessStatus(tid, status)) return;
  if (status != -1 && WIFSTOPPED(status)) {
    if (takeFrom(announcedThreads_, tid)) onNewThread(tid, out);
    else earlyThreads_.push_back(tid);
  }
}

void Process::handleTaskEnd(pid_t tid, int status, std::vector<StopEvent>& out) {
  if (tid == pid_) {
    alive_ = false;
    StopEvent event{StopKind::ProcessExited, tid};
    if (status != -1 && WIFSIGNALED(status)) event.signal = WTERMSIG(status);
    else if (status != -1) event.exitCode = WEXITSTATUS(status);
    tasks_.clear();
    out.push_back(event);
  } else {
    for (StepObserver* observer : observers_) observer->threadExited(tid);
    stopsAskedByObservers_.erase(tid);
    tasks_.erase(tid);
    if (onThreadGone) onThreadGone(tid);
    out.push_back(StopEvent{StopKind::ThreadExited, tid});
  }
}

void Process::settleStop(Task& current) {
  current.markStopped();
  leaveDisplacedCode(current);
  // A thread sent back to hit a breakpoint again keeps that errand until it
  // has hit it (its pc is then past the int3) or has left it.
  if (current.rehitPending && !memory_->hasBreakpoint(current.pc())) current.rehitPending = false;
  if (current.steppingOverBreakpoint) {
    memory_->restoreBreakpoint(current.steppingOverBreakpoint);
    current.steppingOverBreakpoint = 0;
  }
}

bool Process::closeObservedStep(Task& current) {
  finishObservedStep(current);
  // An observer that wants this step reported: a plain step stop reports
  // it; on any other stop the observer keeps its news and asks again.
  return stopsAskedByObservers_.erase(current.tid()) != 0;
}

bool Process::handleNativeStop(Task& current, int status, std::vector<StopEvent>& out) {
  const pid_t tid = current.tid();
  switch (nativeStop(tid, status)) {
    case NativeStopAction::NotMine:
      return false;
    case NativeStopAction::ResumeToSyscallExit:
      current.resumeToSyscallExit();
      return true;
    case NativeStopAction::Emulated:
      closeObservedStep(current);
      if (current.lastResumeWasStep()) {
        out.push_back(StopEvent{StopKind::SingleStep, tid});
        return true;
      }
      current.resume();
      return true;
    case NativeStopAction::ResumeAsBefore:
      current.resumeAsBefore();
      return true;
  }
  return false;
}

void Process::handleRecordedStep(Task& current, bool observerStops, std::vector<StopEvent>& out) {
  const pid_t tid = current.tid();
  // A recorded "run" step: only a data watch of the debug registers that
  // fired, an observer's stop or a breakpoint address reached is news (the int3 there is not executed, nor does an
  // execution breakpoint of the debug registers trap and make the
  // recorder log a step that did not run; the next step passes over it).
  if (dataWatchFired && dataWatchFired(tid)) {
    out.push_back(StopEvent{StopKind::HardwareTrap, tid});
    return;
  }
  if (observerStops) {
    out.push_back(StopEvent{StopKind::SingleStep, tid});
    return;
  }
  if (memory_->hasBreakpoint(current.pc()) || executionBreakpoints.count(current.pc())) {
    out.push_back(StopEvent{StopKind::Breakpoint, tid, 0, 0, current.pc()});
  }
}

void Process::handlePtraceEvent(Task& current, int event, std::vector<StopEvent>& out) {
  const pid_t tid = current.tid();
  // After a clone/fork/vfork/exec event stop (inside the system call) the
  // thread goes on as it was going; a recorded step stays one step.
  unsigned long message = 0;
  ::ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &message);
  const pid_t other = static_cast<pid_t>(message);
  switch (event) {
    case PTRACE_EVENT_CLONE:
      if (takeFrom(earlyThreads_, other)) onNewThread(other, out);
      else announcedThreads_.push_back(other);
      current.resumeAsBefore();
      return;
    case PTRACE_EVENT_FORK:
      if (followChild_ && followForkedChild(other, false, out)) return;
      detachForkedChild(other, false);
      current.resumeAsBefore();
      return;
    case PTRACE_EVENT_VFORK:
      // The child shares our memory until it execs: no 0xCC while it runs.
      memory_->suspendAllBreakpoints();
      if (followChild_ && followForkedChild(other, true, out)) return;
      detachForkedChild(other, true);
      current.resumeAsBefore();
      return;
    case PTRACE_EVENT_VFORK_DONE:
      memory_->restoreAllBreakpoints();
      current.resumeAsBefore();
      return;
    case PTRACE_EVENT_EXEC:
      handleExec(tid, out);
      return;
    default:
      current.resumeAsBefore();
      return;
  }
}

void Process::handleExec(pid_t tid, std::vector<StopEvent>& out) {
  // Every other thread is gone with the old image (the exec'ing one
  // now has the leader's id): each is reported as exited.
  for (auto it = tasks_.begin(); it != tasks_.end();) {
    if (it->first == pid_) {
      ++it;
      continue;
    }
    if (onThreadGone) onThreadGone(it->first);
    out.push_back(StopEvent{StopKind::ThreadExited, it->first});
    it = tasks_.erase(it);
  }
  if (tid != pid_) {
    // The kernel gives the exec'ing thread the leader's id.
    tasks_.erase(tid);
    tasks_[pid_] = newTask(pid_);
  }
  memory_->resetAfterExec();
  relocated_.clear();
  displaced_->reset();
  out.push_back(StopEvent{StopKind::Exec, pid_});
}

void Process::handleSignalStop(Task& current, int signal, std::vector<StopEvent>& out) {
  const pid_t tid = current.tid();
  if (signal == SIGSTOP && current.expectingStop) {
    current.expectingStop = false;
    out.push_back(StopEvent{StopKind::Interrupted, tid});
    return;
  }

  if (signal != SIGTRAP && signal != SIGSTOP && probeStop) {
    if (auto state = probeStop(tid, signal, current.registers())) {
      if (!state->overwritten.empty())
        memory_->write(state->writeAddress, state->overwritten.data(), state->overwritten.size());
      current.setRegisters(state->registers);
      out.push_back(StopEvent{StopKind::Breakpoint, tid, 0, 0, state->site});
      return;
    }
  }
  if (signal == SIGTRAP && current.lastResumeWasStep() && !hardwareTrapsPossible) {
    // The common case of line stepping: no int3 can be under a stepped pc
    // (sites are suspended for the step) and no debug register is armed,
    // so the trap is the step's; spare the PTRACE_GETSIGINFO.
    out.push_back(StopEvent{StopKind::SingleStep, tid});
    return;
  }
  if (signal == SIGTRAP) {
    siginfo_t info = signalInfo(tid);
    if (isBreakpointTrap(info) && memory_->hasBreakpoint(current.pc() - 1)) {
      current.setPc(current.pc() - 1);
      out.push_back(StopEvent{StopKind::Breakpoint, tid, 0, 0, current.pc()});
      return;
    }
    if (info.si_code == TRAP_HWBKPT) {
      out.push_back(StopEvent{StopKind::HardwareTrap, tid});
      return;
    }
    if (current.lastResumeWasStep() && (info.si_code == TRAP_TRACE || info.si_code <= 0)) {
      out.push_back(StopEvent{StopKind::SingleStep, tid});
      return;
    }
  }
  siginfo_t info = signalInfo(tid);
  StopEvent stop{StopKind::Signal, tid, signal};
  stop.signalCode = info.si_code;
  stop.faultAddress = reinterpret_cast<uint64_t>(info.si_addr);
  out.push_back(stop);
}

}  // namespace rwd
