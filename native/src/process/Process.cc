// Process: ptrace bookkeeping for the whole debuggee — wait statuses to
// StopEvents, all-stop, stepping over breakpoints, threads, fork and exec.
#include "process/Process.h"

#include "process/DisplacedCode.h"

#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <stdexcept>

namespace rwd {

namespace {

constexpr int kTraceOptions = PTRACE_O_EXITKILL | PTRACE_O_TRACECLONE | PTRACE_O_TRACEEXEC | PTRACE_O_TRACEFORK |
                              PTRACE_O_TRACEVFORK | PTRACE_O_TRACEVFORKDONE;

int eventOf(int status) { return status >> 16; }

bool takeFrom(std::vector<pid_t>& list, pid_t tid) {
  auto it = std::find(list.begin(), list.end(), tid);
  if (it == list.end()) return false;
  list.erase(it);
  return true;
}

siginfo_t signalInfo(pid_t tid) {
  siginfo_t info{};
  ::ptrace(PTRACE_GETSIGINFO, tid, nullptr, &info);
  return info;
}

bool isBreakpointTrap(const siginfo_t& info) { return info.si_code == SI_KERNEL || info.si_code == TRAP_BRKPT; }

}  // namespace

std::unique_ptr<Process> Process::adoptLaunched(pid_t pid, bool nativeRecording) {
  const int options = kTraceOptions | (nativeRecording ? PTRACE_O_TRACESECCOMP | PTRACE_O_TRACESYSGOOD : 0);
  if (::ptrace(PTRACE_SETOPTIONS, pid, nullptr, reinterpret_cast<void*>(options)) != 0) {
    throw std::runtime_error("PTRACE_SETOPTIONS failed for the new program");
  }
  return std::unique_ptr<Process>(new Process(pid));
}

std::unique_ptr<Process> Process::adoptAttached(pid_t pid, const std::vector<pid_t>& threads) {
  constexpr int attachOptions = kTraceOptions & ~PTRACE_O_EXITKILL;
  std::unique_ptr<Process> process(new Process(pid));
  process->attached_ = true;
  for (pid_t tid : threads) {
    ::ptrace(PTRACE_SETOPTIONS, tid, nullptr, reinterpret_cast<void*>(attachOptions));
    if (!process->tasks_.count(tid)) process->tasks_[tid] = process->newTask(tid);
  }
  return process;
}

Process::Process(pid_t pid)
    : pid_(pid), memory_(std::make_unique<AddressSpace>(pid)), displaced_(std::make_unique<DisplacedCode>(*this)) {
  tasks_[pid] = newTask(pid);
}

Process::~Process() {
  if (alive_ && attached_) detach();
  else if (alive_) kill();
}

std::vector<pid_t> Process::threadIds() const {
  if (pastView_) return {pid_};
  std::vector<pid_t> ids;
  for (const auto& [tid, task] : tasks_) ids.push_back(tid);
  return ids;
}

size_t Process::readMemory(uint64_t address, void* out, size_t length) { return memory_->read(address, out, length); }

bool Process::writeMemory(uint64_t address, const void* in, size_t length) {
  if (beforeUserWrite) beforeUserWrite(address, length);
  return memory_->write(address, in, length);
}

void Process::showPastIn(pid_t replay) {
  pastView_ = replay;
  memory_->showFrom(replay);
}

bool Process::readFpuRegisters(pid_t tid, user_fpregs_struct& fpu) {
  if (pastView_) return tid == pid_ && TargetAccess::readFpuRegisters(pastView_, fpu);
  return TargetAccess::readFpuRegisters(tid, fpu);
}

std::vector<uint8_t> Process::readXstate(pid_t tid) {
  if (pastView_) return tid == pid_ ? TargetAccess::readXstate(pastView_) : std::vector<uint8_t>{};
  return TargetAccess::readXstate(tid);
}

bool Process::readRegisters(pid_t tid, user_regs_struct& regs) {
  if (pastView_) return tid == pid_ && ::ptrace(PTRACE_GETREGS, pastView_, nullptr, &regs) == 0;
  Task* found = task(tid);
  if (!found) return registersOfPastThread && registersOfPastThread(tid, regs);
  if (!found->isStopped()) return false;
  regs = found->registers();
  return true;
}

Task* Process::task(pid_t tid) {
  auto it = tasks_.find(tid);
  return it == tasks_.end() ? nullptr : it->second.get();
}

bool Process::allStopped() const {
  return std::all_of(tasks_.begin(), tasks_.end(), [](const auto& entry) { return entry.second->isStopped(); });
}

int Process::waitFor(pid_t tid) {
  int status = 0;
  while (::waitpid(tid, &status, __WALL) < 0) {
    if (errno != EINTR) return -1;
  }
  return status;
}

void Process::passExecutionBreakpoint(Task& task) {
  if (executionBreakpoints.empty()) return;
  try {
    if (executionBreakpoints.count(task.pc())) task.setResumeFlag();
  } catch (const std::exception&) {
    // A thread that is gone: its resume fails too, and its exit is reported.
  }
}

void Process::stepOverBreakpoint(Task& task) {
  const uint64_t address = task.pc();
  memory_->suspendBreakpoint(address);
  passExecutionBreakpoint(task);
  task.singleStep(task.pendingSignal);
  task.pendingSignal = 0;
  int status = waitFor(task.tid());
  memory_->restoreBreakpoint(address);
  if (status == -1) return;
  task.markStopped();
  bool plainStep = WIFSTOPPED(status) && WSTOPSIG(status) == SIGTRAP && eventOf(status) == 0 &&
                   !isBreakpointTrap(signalInfo(task.tid()));
  // The instruction under the breakpoint may write a watched place: where
  // the debug registers trap, that trap comes as this step's own
  // (TRAP_TRACE) and DR6 tells; it is a data stop, not a step to swallow.
  if (plainStep && dataWatchFired && dataWatchFired(task.tid())) plainStep = false;
  if (!plainStep) deferred_.emplace_back(task.tid(), status);
}

std::unique_ptr<Task> Process::newTask(pid_t tid) {
  auto task = std::make_unique<Task>(tid);
  task->showRelocatedCodeThrough(&relocated_);
  return task;
}

bool Process::passBreakpointOutOfLine(Task& task) {
  // Not while every instruction is observed (recording, software watches),
  // nor under the native engine (its replay knows no such page), nor with a
  // signal to deliver (its handler's frame would hold the copy's address),
  // nor while the debug registers are armed (a data watch that the
  // instruction fires is told apart by the step's own trap).
  if (observingSteps() || nativeStop || task.pendingSignal != 0 || dataWatchFired || hardwareTrapsPossible)
    return false;
  const uint64_t address = task.pc();
  if (executionBreakpoints.count(address)) return false;
  const auto entry = displaced_->entryFor(task, address);
  if (!entry) return false;
  task.setPc(*entry);
  return true;
}

void Process::leaveDisplacedCode(Task& task) {
  if (!displaced_->inUse()) return;
  try {
    if (const auto original = displaced_->originalPc(task.pc())) task.setPc(*original);
  } catch (const std::exception&) {
    // A thread that is gone: its exit is reported.
  }
}

void Process::announceRun(Task& task) {
  if (!beforeRunAt) return;
  const auto& registers = task.registers();
  if (const auto from = beforeRunAt(registers.rip, registers.rsp, task.rehitPending)) task.setPc(*from);
}

void Process::resumeAll() {
  resumeOwed_ = !deferred_.empty();
  if (resumeOwed_) return;
  if (observingSteps()) {
    runningFreely_ = true;
    for (auto& [tid, task] : tasks_) task->recordedRun = true;
    return;
  }
  for (auto& [tid, task] : tasks_) {
    if (!task->isStopped() || task->rehitPending) continue;
    if (memory_->hasBreakpoint(task->pc()) && !passBreakpointOutOfLine(*task)) {
      stepOverBreakpoint(*task);
      if (!deferred_.empty()) return;
    }
  }
  runningFreely_ = true;
  for (auto& [tid, task] : tasks_) {
    if (!task->isStopped()) continue;
    if (!task->rehitPending) passExecutionBreakpoint(*task);
    announceRun(*task);
    task->resume(task->pendingSignal);
    task->pendingSignal = 0;
  }
}

void Process::resumeThread(Task& task) {
  if (!deferred_.empty()) return;
  runningFreely_ = false;
  if (observingSteps()) {
    task.recordedRun = true;
    return;
  }
  if (!task.rehitPending && memory_->hasBreakpoint(task.pc()) && !passBreakpointOutOfLine(task)) {
    stepOverBreakpoint(task);
    if (!deferred_.empty()) return;
  }
  if (!task.rehitPending) passExecutionBreakpoint(task);
  announceRun(task);
  task.resume(task.pendingSignal);
  task.pendingSignal = 0;
}

void Process::resumeThreadAndWait(Task& task) {
  resumeThread(task);
  // Not resumed: held by an earlier event, or run as observed steps.
  if (!deferred_.empty() || observingSteps() || task.isStopped()) return;
  deferred_.emplace_back(task.tid(), waitFor(task.tid()));
}

void Process::singleStep(Task& task, bool waitNow) {
  if (!task.recordedRun) runningFreely_ = false;
  const uint64_t address = task.pc();
  if (memory_->hasBreakpoint(address)) {
    memory_->suspendBreakpoint(address);
    task.steppingOverBreakpoint = address;
  }
  const bool delivering = task.pendingSignal != 0;  // a handler may run: no waiting
  if (observingSteps()) {
    bool mayBlock = false;
    for (StepObserver* observer : observers_) mayBlock = observer->beforeStep(task) || mayBlock;
    if (mayBlock) waitNow = false;
    task.observedStepInFlight = true;
  }
  passExecutionBreakpoint(task);
  announceRun(task);
  task.singleStep(task.pendingSignal);
  task.pendingSignal = 0;
  if (waitNow && !delivering) {
    int status = waitFor(task.tid());
    deferred_.emplace_back(task.tid(), status);
  }
}

void Process::stopAll() {
  runningFreely_ = false;
  resumeOwed_ = false;
  for (auto& [tid, task] : tasks_) task->recordedRun = false;
  std::vector<pid_t> stopping;
  for (auto& [tid, task] : tasks_) {
    if (task->isStopped()) continue;
    if (!task->expectingStop) ::syscall(SYS_tgkill, pid_, tid, SIGSTOP);
    task->expectingStop = true;
    stopping.push_back(tid);
  }
  for (pid_t tid : stopping) {
    int status = waitFor(tid);
    Task* stopped = task(tid);
    if (!stopped) continue;
    if (status == -1 || WIFEXITED(status) || WIFSIGNALED(status)) {
      deferred_.emplace_back(tid, status);
      stopped->markStopped();
      continue;
    }
    stopped->markStopped();
    leaveDisplacedCode(*stopped);
    if (stopped->steppingOverBreakpoint) {
      memory_->restoreBreakpoint(stopped->steppingOverBreakpoint);
      stopped->steppingOverBreakpoint = 0;
    }
    finishObservedStep(*stopped);
    // The observer asks again at the thread's next step (it keeps its news).
    stopsAskedByObservers_.erase(tid);
    if (WSTOPSIG(status) == SIGSTOP && eventOf(status) == 0) {
      stopped->expectingStop = false;
    } else if (WSTOPSIG(status) == SIGTRAP && eventOf(status) == 0 && isBreakpointTrap(signalInfo(tid)) &&
               memory_->hasBreakpoint(stopped->pc() - 1)) {
      // Drop this hit; the thread will hit the breakpoint again on resume.
      stopped->setPc(stopped->pc() - 1);
      stopped->rehitPending = true;
    } else {
      deferred_.emplace_back(tid, status);
    }
  }
}

void Process::interrupt() { stopAll(); }

void Process::finishObservedStep(Task& task) {
  if (!task.observedStepInFlight) return;
  task.observedStepInFlight = false;
  for (StepObserver* observer : observers_) observer->afterStep(task);
  for (StepObserver* observer : observers_) {
    if (observer->stopAfterStep(task)) stopsAskedByObservers_.insert(task.tid());
  }
}

void Process::setStepObserver(StepObserver* observer) {
  if (observer == recordingObserver_) return;
  if (!observer) return removeStepObserver(recordingObserver_);
  observers_.erase(std::remove(observers_.begin(), observers_.end(), recordingObserver_), observers_.end());
  const bool first = observers_.empty();
  observers_.insert(observers_.begin(), observer);
  recordingObserver_ = observer;
  if (first && onStepsObserved) onStepsObserved();
}

void Process::addStepObserver(StepObserver* observer) {
  if (observer && std::find(observers_.begin(), observers_.end(), observer) == observers_.end()) {
    observers_.push_back(observer);
    if (observers_.size() == 1 && onStepsObserved) onStepsObserved();
  }
}

void Process::removeStepObserver(StepObserver* observer) {
  observers_.erase(std::remove(observers_.begin(), observers_.end(), observer), observers_.end());
  if (observer == recordingObserver_) recordingObserver_ = nullptr;
  if (observingSteps()) return;
  // Nobody watches steps any more: threads "running" as observed steps run
  // for real at the next resume, and a step still in flight comes back as
  // an ordinary single step.
  stopsAskedByObservers_.clear();
  for (auto& [tid, task] : tasks_) task->recordedRun = false;
}

bool Process::hasRecordedRun() const {
  if (!observingSteps() || !deferred_.empty()) return false;
  return std::any_of(tasks_.begin(), tasks_.end(),
                     [](const auto& entry) { return entry.second->recordedRun && entry.second->isStopped(); });
}

void Process::runRecordedSteps(std::vector<StopEvent>& out, int maxSteps) {
  int steps = 0;
  while (steps < maxSteps && out.empty()) {
    bool stepped = false;
    std::vector<pid_t> order = threadIds();
    for (pid_t tid : order) {
      Task* current = task(tid);
      if (!current || !current->recordedRun || !current->isStopped()) continue;
      singleStep(*current, true);
      current->recordedRun = true;  // singleStep() is also used by line stepping; keep the mode
      stepped = true;
      ++steps;
      collectEvents(out);
      if (!out.empty() || !alive_) return;
    }
    if (!stepped) return;  // every running thread is inside a system call
  }
}

void Process::collectEvents(std::vector<StopEvent>& out) {
  const size_t before = out.size();
  while (!deferred_.empty()) {
    auto [tid, status] = deferred_.front();
    deferred_.pop_front();
    handleStatus(tid, status, out);
  }
  // resumeAll() waited for these; when they were only ptrace's own news
  // (a clone, a vfork), nobody else will finish the resume.
  if (resumeOwed_ && alive_ && deferred_.empty() && out.size() == before) resumeAll();
  for (;;) {
    int status = 0;
    pid_t tid = ::waitpid(-1, &status, WNOHANG | __WALL);
    if (tid <= 0) break;
    handleStatus(tid, status, out);
  }
  endObservedRunAtNews(out, before);
}

void Process::endObservedRunAtNews(const std::vector<StopEvent>& events, size_t first) {
  // A stop the run controller judges (a breakpoint, a signal, a step's end)
  // ends an observed run for every thread: it then resumes (a new run),
  // steps one thread, or reports the stop. Thread births and deaths and
  // our own interruptions are not such news.
  for (size_t i = first; i < events.size(); ++i) {
    const StopKind kind = events[i].kind;
    if (kind == StopKind::ThreadStarted || kind == StopKind::ThreadExited || kind == StopKind::Interrupted) continue;
    for (auto& [tid, task] : tasks_) task->recordedRun = false;
    return;
  }
}

void Process::onNewThread(pid_t tid, std::vector<StopEvent>& out) {
  auto task = newTask(tid);
  Task& created = *task;
  tasks_[tid] = std::move(task);
  if (onThreadCreated) onThreadCreated(tid);
  if (runningFreely_ && observingSteps()) created.recordedRun = true;  // runs as recorded steps
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
  const bool observerStops = settleStop(*current);
  const int signal = WSTOPSIG(status);
  if (nativeStop && (eventOf(status) == PTRACE_EVENT_SECCOMP || signal == (SIGTRAP | 0x80) || signal == SIGSEGV ||
                     signal == SIGILL)) {
    if (handleNativeStop(*current, status, out)) return;
  }
  if (current->recordedRun && signal == SIGTRAP && eventOf(status) == 0 && current->lastResumeWasStep &&
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

bool Process::settleStop(Task& current) {
  const pid_t tid = current.tid();
  current.markStopped();
  leaveDisplacedCode(current);
  // A thread sent back to hit a breakpoint again keeps that errand until it
  // has hit it (its pc is then past the int3) or has left it.
  if (current.rehitPending && !memory_->hasBreakpoint(current.pc())) current.rehitPending = false;
  if (current.steppingOverBreakpoint) {
    memory_->restoreBreakpoint(current.steppingOverBreakpoint);
    current.steppingOverBreakpoint = 0;
  }
  finishObservedStep(current);
  // An observer that wants this step reported: a plain step stop reports
  // it; on any other stop the observer keeps its news and asks again.
  return stopsAskedByObservers_.erase(tid) != 0;
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
      if (current.lastResumeWasStep) {
        out.push_back(StopEvent{StopKind::SingleStep, tid});
        return true;
      }
      current.resume();
      return true;
    case NativeStopAction::ResumeAsBefore:
      current.lastResumeWasStep ? current.singleStep() : current.resume();
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
  auto resumeAsBefore = [&] { current.lastResumeWasStep ? current.singleStep() : current.resume(); };

  unsigned long message = 0;
  ::ptrace(PTRACE_GETEVENTMSG, tid, nullptr, &message);
  const pid_t other = static_cast<pid_t>(message);
  switch (event) {
    case PTRACE_EVENT_CLONE:
      if (takeFrom(earlyThreads_, other)) onNewThread(other, out);
      else announcedThreads_.push_back(other);
      resumeAsBefore();
      return;
    case PTRACE_EVENT_FORK:
      if (followChild_ && followForkedChild(other, false, out)) return;
      detachForkedChild(other, false);
      resumeAsBefore();
      return;
    case PTRACE_EVENT_VFORK:
      // The child shares our memory until it execs: no 0xCC while it runs.
      memory_->suspendAllBreakpoints();
      if (followChild_ && followForkedChild(other, true, out)) return;
      detachForkedChild(other, true);
      resumeAsBefore();
      return;
    case PTRACE_EVENT_VFORK_DONE:
      memory_->restoreAllBreakpoints();
      resumeAsBefore();
      return;
    case PTRACE_EVENT_EXEC:
      handleExec(tid, out);
      return;
    default:
      resumeAsBefore();
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
  if (signal == SIGTRAP && current.lastResumeWasStep && !hardwareTrapsPossible) {
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
    if (current.lastResumeWasStep && (info.si_code == TRAP_TRACE || info.si_code <= 0)) {
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

void Process::kill() {
  if (!alive_) return;
  ::kill(pid_, SIGKILL);
  for (;;) {
    int status = 0;
    pid_t reaped = ::waitpid(-1, &status, __WALL);
    if (reaped < 0 && errno == EINTR) continue;
    if (reaped < 0 || (reaped == pid_ && (WIFEXITED(status) || WIFSIGNALED(status)))) break;
  }
  alive_ = false;
  tasks_.clear();
}

void Process::detach() {
  if (!alive_) return;
  stopAll();
  memory_->removeAllBreakpoints();
  for (auto& [tid, task] : tasks_)
    ::ptrace(PTRACE_DETACH, tid, nullptr, reinterpret_cast<void*>(static_cast<intptr_t>(task->pendingSignal)));
  ::kill(pid_, SIGCONT);  // a SIGSTOP of ours may still be pending
  alive_ = false;
  tasks_.clear();
}

}  // namespace rwd
