// Process: ptrace bookkeeping for the whole debuggee — resuming, stepping
// and stopping threads (all-stop), stepping over breakpoints, step
// observers, collecting wait statuses. What one wait status means (exits,
// ptrace events, fork and exec, signal stops) is in ProcessEvents.cc.
#include "process/Process.h"

#include "process/DisplacedCode.h"
#include "process/WaitStatus.h"

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
    for (auto& [tid, task] : tasks_) task->startRecordedRun();
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
    task.startRecordedRun();
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
  if (!task.inRecordedRun()) runningFreely_ = false;
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
    task.beginObservedStep();
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
  for (auto& [tid, task] : tasks_) task->endRecordedRun();
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
  if (!task.endObservedStep()) return;
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
  for (auto& [tid, task] : tasks_) task->endRecordedRun();
}

bool Process::hasRecordedRun() const {
  if (!observingSteps() || !deferred_.empty()) return false;
  return std::any_of(tasks_.begin(), tasks_.end(),
                     [](const auto& entry) { return entry.second->inRecordedRun() && entry.second->isStopped(); });
}

void Process::runRecordedSteps(std::vector<StopEvent>& out, int maxSteps) {
  int steps = 0;
  while (steps < maxSteps && out.empty()) {
    bool stepped = false;
    std::vector<pid_t> order = threadIds();
    for (pid_t tid : order) {
      Task* current = task(tid);
      if (!current || !current->inRecordedRun() || !current->isStopped()) continue;
      singleStep(*current, true);
      current->startRecordedRun();  // singleStep() is also used by line stepping; keep the mode
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
    for (auto& [tid, task] : tasks_) task->endRecordedRun();
    return;
  }
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
