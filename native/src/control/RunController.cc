// RunController: the policy half of running the debuggee.
#include "control/RunController.h"

#include "control/ConditionText.h"
#include "control/SignalText.h"

#include <signal.h>

#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

namespace rwd {

RunController::RunController(Process& process, SymbolIndex& symbols, Unwinder& unwinder, BreakpointTable& breakpoints,
                             ExecutionSlots& hardware, RunCallbacks callbacks)
    : process_(process),
      symbols_(symbols),
      unwinder_(unwinder),
      breakpoints_(breakpoints),
      callbacks_(std::move(callbacks)),
      stepper_(process, symbols, unwinder),
      instructionStepper_(process, unwinder),
      instructionBreakpoints_(process.memory(), hardware),
      reverse_(process, symbols, unwinder, breakpoints, [this](const std::string& text) { callbacks_.console(text); }) {
}

RunController::~RunController() = default;

void RunController::watchLibraryLoads() {
  if (libraryLoadBreakpoint_) return;
  auto address = symbols_.symbolAddress("_dl_debug_state");
  if (address && process_.memory().addBreakpoint(*address)) libraryLoadBreakpoint_ = *address;
}

void RunController::setExceptionFilters(const std::set<std::string>& filters) {
  filters_ = filters;
  placeExceptionBreakpoints();
}

void RunController::placeExceptionBreakpoints() {
  for (const auto& [address, filter] : exceptionBreakpoints_) process_.memory().removeBreakpoint(address);
  exceptionBreakpoints_.clear();
  static const std::pair<const char*, const char*> kFilterSymbols[] = {{"cpp-throw", "__cxa_throw"},
                                                                       {"rust-panic", "rust_panic"}};
  for (const auto& [filter, symbol] : kFilterSymbols) {
    if (!filters_.count(filter)) continue;
    auto address = symbols_.symbolAddress(symbol);
    if (address && process_.memory().addBreakpoint(*address)) exceptionBreakpoints_[*address] = filter;
  }
}

std::string RunController::thrownTypeName(Task& task) {
  // __cxa_throw(object, std::type_info* type, destructor): the type_info's
  // second word points at the mangled type name.
  uint64_t namePointer = 0;
  if (process_.readMemory(task.registers().rsi + 8, &namePointer, sizeof namePointer) != sizeof namePointer) return "";
  char mangled[256] = {};
  size_t got = process_.readMemory(namePointer, mangled, sizeof mangled - 1);
  mangled[got] = '\0';
  int status = 0;
  char* demangled = abi::__cxa_demangle(mangled, nullptr, nullptr, &status);
  std::string name = status == 0 && demangled ? demangled : mangled;
  std::free(demangled);
  return name;
}

void RunController::continueAll() {
  cancelSteps();
  running_ = true;
  if (replayHeldStops()) return;
  process_.resumeAll();
}

void RunController::continueThread(pid_t tid) {
  cancelSteps();
  Task* task = process_.task(tid);
  if (!task) return;
  running_ = true;
  if (replayHeldStops()) return;
  process_.resumeThread(*task);
}

void RunController::step(pid_t tid, StepMode mode, bool singleThread) {
  deliverHeldSignalsQuietly();
  running_ = true;
  applyStepDecision(stepper_.start(tid, mode, singleThread), tid);
}

void RunController::stepInstruction(pid_t tid, StepMode mode, bool singleThread) {
  deliverHeldSignalsQuietly();
  running_ = true;
  applyStepDecision(instructionStepper_.start(tid, mode, singleThread), tid);
}

void RunController::cancelSteps() {
  stepper_.cancel();
  instructionStepper_.cancel();
}

std::optional<StepDecision> RunController::stepperSingleStep(Task& task) {
  if (stepper_.active() && stepper_.tid() == task.tid()) return stepper_.onSingleStep(task);
  if (instructionStepper_.active() && instructionStepper_.tid() == task.tid())
    return instructionStepper_.onSingleStep(task);
  return std::nullopt;
}

std::optional<StepDecision> RunController::stepperBreakpoint(Task& task, uint64_t address) {
  if (auto decision = stepper_.onBreakpoint(task, address)) return decision;
  return instructionStepper_.onBreakpoint(task, address);
}

void RunController::runToEntry() {
  auto main = symbols_.symbolAddress("main");
  std::optional<uint64_t> target = main ? symbols_.addressAfterPrologue(*main) : std::nullopt;
  if (!target) target = main;
  if (!target || !process_.memory().addBreakpoint(*target)) {
    if (recordAtEntry_) {
      reverse_.start(*recordAtEntry_);
      recordAtEntry_.reset();
      if (recordingStarted) recordingStarted();
      if (!stopAtEntry_) return continueAll();
    }
    report(StopReport{
        StopReason::Entry, process_.processId(), {}, "Stopped at the program's first instruction (no 'main' found)."});
    return;
  }
  entryBreakpoint_ = *target;
  continueAll();
}

void RunController::reportAttached() {
  report(StopReport{
      StopReason::Pause, process_.processId(), {}, "Attached to process " + std::to_string(process_.processId())});
}

void RunController::runToMainThenRecord(uint64_t limit, bool stopThere) {
  recordAtEntry_ = limit;
  stopAtEntry_ = stopThere;
  runToEntry();
}

bool RunController::pause() {
  if (!running_) return false;
  cancelSteps();
  process_.stopAll();
  report(StopReport{StopReason::Pause, process_.processId(), {}, "Paused"});
  return true;
}

void RunController::report(StopReport stop) {
  cancelSteps();
  // Also when every thread is already stopped: a recorded run (threads
  // stepped one by one) must end here too.
  process_.stopAll();
  running_ = false;
  if (reverse_.recording()) {
    std::string where = reverse_.positionText();
    if (!where.empty()) stop.description = stop.description.empty() ? where : stop.description + " (" + where + ")";
  }
  callbacks_.stopped(stop);
}

void RunController::reportTravel(pid_t tid, const TravelResult& result) {
  StopReport stop{result.reason, tid, result.hitBreakpointIds, result.description};
  cancelSteps();
  running_ = false;
  callbacks_.stopped(stop);
}

TravelResult RunController::continueInHistory(bool backward) {
  TravelFilter filter;
  for (uint64_t address : breakpoints_.allAddresses()) filter.breakpoints.insert(address);
  for (uint64_t address : instructionBreakpoints_.addresses()) filter.breakpoints.insert(address);
  std::vector<WrittenWatch> watches =
      dataBreakpoints_ ? dataBreakpoints_->writtenWatches() : std::vector<WrittenWatch>{};
  for (const auto& watch : watches) filter.watched.push_back(MemoryRange{watch.address, watch.length});
  while (auto stop = reverse_.travelToNext(backward, filter)) {
    if (stop->reason == TravelStop::Reason::Watchpoint) {
      // Backward: just before the instruction that wrote; forward: just after.
      std::vector<int> ids;
      std::string names;
      std::string problem;
      // The writer's thread, also one that has exited since (it exists
      // again in the past); the main thread for the kernel's write as a
      // thread exits (its tid word cleared), after which it is gone.
      const pid_t judgedIn = threadExistsHere(stop->tid) ? stop->tid : process_.processId();
      auto judgeWatches = [&] {
        for (const auto& watch : watches) {
          if (stop->address < watch.address || stop->address >= watch.address + watch.length) continue;
          if (!watch.condition.empty()) {
            try {
              if (!callbacks_.conditionHolds(judgedIn, watch.condition)) continue;
            } catch (const std::exception& error) {
              problem = " (" + conditionFailure(watch.condition, error.what()) + ")";
            }
          }
          ids.push_back(watch.id);
          names += (names.empty() ? "" : ", ") + watch.name;
        }
      };
      // Conditions see the value the write left, whichever way the travel goes.
      if (backward) reverse_.judgeAfterNextEntry(judgeWatches);
      else judgeWatches();
      if (ids.empty()) continue;
      TravelResult result = reverse_.stopHere(
          StopReason::DataBreakpoint, ids, names + (backward ? " is written by this line" : " was written") + problem);
      result.atLiveEnd = false;
      result.tid = judgedIn;
      return result;
    }
    // The thread at a breakpoint exists there, also one that has exited
    // since: its registers come from the history.
    const pid_t tid = stop->tid;
    std::string problem;
    auto stopping = breakpointsThatStop(tid, stop->address, breakpoints_.idsAt(stop->address), problem);
    auto instructionStops = instructionBreakpoints_.idsThatStop(
        stop->address, [&](const std::string& condition) { return callbacks_.conditionHolds(tid, condition); },
        problem);
    if (stopping.empty() && instructionStops.empty()) continue;
    const StopReason reason = stopping.empty() ? StopReason::InstructionBreakpoint : StopReason::Breakpoint;
    stopping.insert(stopping.end(), instructionStops.begin(), instructionStops.end());
    TravelResult result = reverse_.stopHere(reason, stopping, problem);
    result.atLiveEnd = false;  // a stop, even at the last position
    result.tid = tid;
    return result;
  }
  return reverse_.endOfTravel(backward);
}

bool RunController::threadExistsHere(pid_t tid) {
  if (auto past = reverse_.threadsInPast()) return std::count(past->begin(), past->end(), tid) > 0;
  return process_.task(tid) != nullptr;
}

void RunController::resumeQuietly() {
  const pid_t stepping = stepper_.active()              ? stepper_.tid()
                         : instructionStepper_.active() ? instructionStepper_.tid()
                                                        : 0;
  if (stepping) {
    // A quiet stop of another kind while stepping: go on with the step.
    Task* task = process_.task(stepping);
    if (task && task->isStopped() && task->lastResumeWasStep()) {
      process_.singleStep(*task);
      return;
    }
    if (task && task->isStopped() && stepper_.runsStraight()) {
      process_.resumeThread(*task);
      return;
    }
  }
  process_.resumeAll();
}

void RunController::applyStepDecision(StepDecision decision, pid_t tid) {
  if (decision == StepDecision::Finished) report(StopReport{StopReason::Step, tid});
}

void RunController::handle(std::vector<StopEvent>& events) {
  for (const auto& event : events) {
    // Threads that ended with the process come in the same batch as its
    // exit (before it): they are still reported.
    if (!process_.isAlive() && event.kind != StopKind::ProcessExited && event.kind != StopKind::ThreadExited) continue;
    if (!running_ && holdWhileStopped(event)) continue;
    handleOne(event);
  }
  // resumeAll() waited for events that stopped no one: the run goes on.
  if (running_ && process_.isAlive() && process_.owesResume()) process_.resumeAll();
}

bool RunController::holdWhileStopped(const StopEvent& event) {
  Task* task = process_.task(event.tid);
  switch (event.kind) {
    case StopKind::Breakpoint:
      // The pc is back on the breakpoint: the thread hits it again when it
      // resumes, and the hit is judged then.
      if (task) task->rehitPending = true;
      return true;
    case StopKind::SingleStep:
    case StopKind::Interrupted:
      return true;  // the step under way was ended by the stop
    case StopKind::Signal:
    case StopKind::HardwareTrap:
      heldStops_.push_back(event);
      return true;
    default:
      return false;  // thread, exec and exit news are handled at once
  }
}

bool RunController::replayHeldStops() {
  if (heldStops_.empty()) return false;
  std::vector<StopEvent> held;
  held.swap(heldStops_);
  handle(held);
  return !running_;
}

void RunController::deliverHeldSignalsQuietly() {
  // A step is not the place to report them: signals go to the program as
  // it steps, traps of data breakpoints were seen by the stop already.
  for (const auto& event : heldStops_) {
    Task* task = process_.task(event.tid);
    if (task && event.kind == StopKind::Signal && !task->pendingSignal) task->pendingSignal = event.signal;
  }
  heldStops_.clear();
}

void RunController::handleOne(const StopEvent& event) {
  switch (event.kind) {
    case StopKind::ProcessExited:
      cancelSteps();
      if (reverse_.recording()) reverse_.stop();
      running_ = false;
      callbacks_.exited(event.exitCode, event.signal);
      return;
    case StopKind::ThreadStarted:
      callbacks_.thread("started", event.tid);
      return;
    case StopKind::ThreadExited:
      callbacks_.thread("exited", event.tid);
      if ((stepper_.active() && stepper_.tid() == event.tid) ||
          (instructionStepper_.active() && instructionStepper_.tid() == event.tid)) {
        cancelSteps();
        process_.resumeAll();
      }
      return;
    case StopKind::Exec:
      cancelSteps();
      libraryLoadBreakpoint_ = 0;
      entryBreakpoint_ = 0;
      // The kernel emptied the debug registers, and the thread that called
      // execve may have taken the leader's id: the threads are taken anew
      // before the breakpoints of the old image give their slots back.
      if (debugRegisters_) debugRegisters_->afterExec();
      instructionBreakpoints_.forgetAfterExec();
      if (dataBreakpoints_ && !dataBreakpoints_->empty()) {
        std::vector<int> removed;
        for (const auto& message : dataBreakpoints_->forgetAfterExec(removed)) callbacks_.console(message + "\n");
        for (int id : removed) callbacks_.dataBreakpointRemoved(id);
      }
      callbacks_.modulesChanged(true);
      watchLibraryLoads();
      placeExceptionBreakpoints();
      if (running_) process_.resumeAll();
      return;
    case StopKind::FollowedFork: {
      callbacks_.console("Following process " + std::to_string(event.tid) + ", the child of process " +
                         std::to_string(event.otherPid) + " after fork (followFork \"child\"); process " +
                         std::to_string(event.otherPid) + " goes on without the debugger.\n");
      if (instructionStepper_.active()) {
        // The instruction after the fork is where the child is.
        cancelSteps();
        report(StopReport{StopReason::Step, event.tid});
        return;
      }
      // A step over the fork goes on in the child, a run goes on there.
      if (stepper_.active()) stepper_.moveTo(event.tid);
      if (running_) process_.resumeAll();
      return;
    }
    case StopKind::Interrupted: {
      // A stop we asked for while stopping threads; it means nothing now.
      Task* task = process_.task(event.tid);
      if (task && running_ && !stepper_.active() && !instructionStepper_.active()) {
        if (process_.observingSteps()) task->startRecordedRun();  // on as observed steps, never a plain PTRACE_CONT
        else task->resume(task->pendingSignal);
      }
      return;
    }
    default:
      break;
  }
  Task* task = process_.task(event.tid);
  if (!task) return;
  if (event.kind == StopKind::Breakpoint) return onBreakpoint(*task, event);
  if (event.kind == StopKind::HardwareTrap) return onHardwareTrap(*task, event);
  if (event.kind == StopKind::SingleStep) {
    if (dataBreakpoints_ && !dataBreakpoints_->empty()) {
      // A watched write by the stepped instruction ends the step too.
      auto hits = dataBreakpoints_->takeHits(task->tid(), conditionIn(task->tid()));
      if (!hits.empty()) return reportDataHits(*task, hits);
      // A software watchpoint's step whose hit condition skips it: the
      // observed run goes on (no stepper asked for that step).
      if (task->inRecordedRun()) return resumeQuietly();
    }
    if (auto decision = stepperSingleStep(*task)) return applyStepDecision(*decision, event.tid);
    return resumeQuietly();
  }
  onSignal(*task, event);
}

void RunController::onBreakpoint(Task& task, const StopEvent& event) {
  const uint64_t address = event.address;
  if (address == libraryLoadBreakpoint_) {
    callbacks_.modulesChanged(false);
    placeExceptionBreakpoints();
  }
  // An IFUNC resolver the program runs, or its return: once its answer is
  // known, the breakpoints that waited for it bind.
  if (breakpoints_.ifuncs().isSite(address) && breakpoints_.ifuncs().onSite(address, task.registers())) {
    callbacks_.modulesChanged(false);
  }
  auto exception = exceptionBreakpoints_.find(address);
  if (exception != exceptionBreakpoints_.end()) {
    StopReport stop{StopReason::Exception, task.tid()};
    stop.exceptionFilter = exception->second;
    if (exception->second == "cpp-throw") {
      stop.exceptionDetail = thrownTypeName(task);
      stop.description =
          "C++ exception thrown" + (stop.exceptionDetail.empty() ? std::string() : ": " + stop.exceptionDetail);
    } else {
      stop.description = "Rust panic";
    }
    report(stop);
    return;
  }
  auto ids = breakpoints_.idsAt(address);
  if (address == entryBreakpoint_) {
    // The start of main: recording may start here; a user breakpoint on the
    // same address is then judged as usual.
    process_.memory().removeBreakpoint(address);
    entryBreakpoint_ = 0;
    if (recordAtEntry_) {
      reverse_.start(*recordAtEntry_);
      recordAtEntry_.reset();
      if (recordingStarted) recordingStarted();
    }
    if (ids.empty() && instructionBreakpoints_.idsAt(address).empty()) {
      if (!stopAtEntry_) return continueAll();
      report(StopReport{StopReason::Entry, task.tid(), {}, "Stopped at the start of main"});
      return;
    }
  }
  const bool instructionBreakpointHere = !instructionBreakpoints_.idsAt(address).empty();
  if (!ids.empty() || instructionBreakpointHere) {
    std::string problem;
    auto stopping = breakpointsThatStop(task.tid(), task.pc(), ids, problem);
    std::vector<int> instructionStops;
    if (instructionBreakpointHere) {
      instructionStops = instructionBreakpoints_.idsThatStop(
          address, [&](const std::string& condition) { return callbacks_.conditionHolds(task.tid(), condition); },
          problem);
    }
    if (!stopping.empty() || !instructionStops.empty()) {
      // A source breakpoint names the stop; an instruction breakpoint alone says so.
      const StopReason reason = stopping.empty() ? StopReason::InstructionBreakpoint : StopReason::Breakpoint;
      stopping.insert(stopping.end(), instructionStops.begin(), instructionStops.end());
      report(StopReport{reason, task.tid(), stopping, problem});
      return;
    }
    // Log points and false conditions: on with whatever was under way.
    if (auto decision = stepperBreakpoint(task, address)) return applyStepDecision(*decision, task.tid());
    return resumeQuietly();
  }
  if (auto decision = stepperBreakpoint(task, address)) return applyStepDecision(*decision, task.tid());
  if (dataBreakpoints_) {
    auto scopeEnds = dataBreakpoints_->scopeReturnAddresses();
    if (std::count(scopeEnds.begin(), scopeEnds.end(), address)) {
      std::vector<int> removed;
      for (const auto& message : dataBreakpoints_->endScopes(address, unwinder_.currentCfa(task.tid()), removed)) {
        callbacks_.console(message + "\n");
      }
      for (int id : removed) callbacks_.dataBreakpointRemoved(id);
    }
  }
  resumeQuietly();
}

DataBreakpointTable& RunController::dataBreakpoints() {
  if (!dataBreakpoints_) dataBreakpoints_ = std::make_unique<DataBreakpointTable>(process_, debugRegisters());
  return *dataBreakpoints_;
}

DebugRegisterSlots& RunController::debugRegisters() {
  if (!debugRegisters_) {
    debugRegisters_ = std::make_unique<DebugRegisterSlots>(process_);
    process_.onThreadCreated = [this](pid_t tid) { debugRegisters_->onThreadCreated(tid); };
    process_.onThreadGone = [this](pid_t tid) { debugRegisters_->onThreadExited(tid); };
  }
  return *debugRegisters_;
}

void RunController::clearDebugRegisters() {
  if (debugRegisters_) debugRegisters_->commit(DebugRegisterAllocator());
}

WatchConditionCheck RunController::conditionIn(pid_t tid) {
  return [this, tid](const std::string& condition) { return callbacks_.conditionHolds(tid, condition); };
}

void RunController::reportDataHits(Task& task, const std::vector<DataBreakpointHit>& hits) {
  StopReport stop{StopReason::DataBreakpoint, task.tid()};
  for (const auto& hit : hits) {
    stop.hitBreakpointIds.push_back(hit.id);
    stop.description += (stop.description.empty() ? "" : "; ") + hit.description;
  }
  report(stop);
}

void RunController::onHardwareTrap(Task& task, const StopEvent& event) {
  if (debugRegisters_) {
    const auto registerHits = debugRegisters_->takeHits(task.tid());
    // Hardware breakpoints (source, function or instruction): the trap
    // comes before the instruction runs; a resume from there passes over
    // it (Process sets the resume flag) instead of trapping again.
    std::string problem;
    std::vector<int> sourceStops;
    std::vector<int> instructionStops;
    for (const DebugRegisterHit& hit : registerHits) {
      if (hit.state.kind != WatchKind::execute) continue;
      auto ids = breakpointsThatStop(task.tid(), task.pc(), breakpoints_.idsAt(hit.state.address), problem);
      sourceStops.insert(sourceStops.end(), ids.begin(), ids.end());
      ids = instructionBreakpoints_.idsThatStop(hit.state.address, conditionIn(task.tid()), problem);
      instructionStops.insert(instructionStops.end(), ids.begin(), ids.end());
    }
    if (!sourceStops.empty() || !instructionStops.empty()) {
      const StopReason reason = sourceStops.empty() ? StopReason::InstructionBreakpoint : StopReason::Breakpoint;
      sourceStops.insert(sourceStops.end(), instructionStops.begin(), instructionStops.end());
      return report(StopReport{reason, task.tid(), sourceStops, problem});
    }
    if (dataBreakpoints_) {
      auto hits = dataBreakpoints_->hitsFromRegisters(registerHits, conditionIn(task.tid()));
      if (!hits.empty()) return reportDataHits(task, hits);
    }
    // A hit that its condition or hit condition skips: on with whatever was under way.
    if (task.lastResumeWasStep()) {
      if (auto decision = stepperSingleStep(task)) return applyStepDecision(*decision, task.tid());
    }
    return resumeQuietly();
  }
  onSignal(task, StopEvent{StopKind::Signal, event.tid, SIGTRAP});
}

std::vector<int> RunController::breakpointsThatStop(pid_t tid, uint64_t pc, const std::vector<int>& ids,
                                                    std::string& problem) {
  std::vector<int> stopping;
  for (int id : ids) {
    UserBreakpoint* breakpoint = breakpoints_.find(id);
    if (!breakpoint) continue;
    const auto& kernelSites = breakpoint->kernelSites;
    if (callbacks_.kernelStopped && std::count(kernelSites.begin(), kernelSites.end(), pc)) {
      // The kernel judged the condition and counted the hits.
      bool faulted = false;
      if (!callbacks_.kernelStopped(id, pc, faulted)) continue;
      if (!breakpoint->logMessage.empty() && logsAfterKernelFault(tid, *breakpoint, problem)) continue;
      if (faulted) problem = conditionProblem(tid, *breakpoint);
      stopping.push_back(id);
      continue;
    }
    if (!breakpoint->condition.empty()) {
      try {
        if (!callbacks_.conditionHolds(tid, breakpoint->condition)) continue;
      } catch (const std::exception& error) {
        // A condition that cannot be evaluated stops, and says why.
        problem = "Breakpoint " + conditionFailure(breakpoint->condition, error.what());
        stopping.push_back(id);
        continue;
      }
    }
    if (!breakpoint->hitCondition.countHit()) continue;
    if (!breakpoint->logMessage.empty()) {
      callbacks_.console(callbacks_.formatLogMessage(tid, breakpoint->logMessage) + "\n");
      continue;
    }
    stopping.push_back(id);
  }
  return stopping;
}

bool RunController::logsAfterKernelFault(pid_t tid, const UserBreakpoint& breakpoint, std::string& problem) {
  // A logpoint's probe stops only where it could not read the condition or
  // a value: the debugger, at this exact stop, does what it would have done.
  if (!breakpoint.condition.empty()) {
    try {
      if (!callbacks_.conditionHolds(tid, breakpoint.condition)) return true;
    } catch (const std::exception& error) {
      problem = "Breakpoint " + conditionFailure(breakpoint.condition, error.what());
      return false;
    }
  }
  callbacks_.console(callbacks_.formatLogMessage(tid, breakpoint.logMessage) + "\n");
  return true;
}

std::string RunController::conditionProblem(pid_t tid, const UserBreakpoint& breakpoint) {
  try {
    callbacks_.conditionHolds(tid, breakpoint.condition);
  } catch (const std::exception& error) { return "Breakpoint " + conditionFailure(breakpoint.condition, error.what()); }
  return "Breakpoint " +
         conditionFailure(breakpoint.condition,
                          "its probe could not read the memory it names (a bad pointer, or a division by zero).");
}

void RunController::onSignal(Task& task, const StopEvent& event) {
  task.pendingSignal = event.signal;  // delivered when the program resumes
  const bool fatal = signals::isFatal(event.signal);
  const bool wanted = fatal ? filters_.count("fatal-signals") : filters_.count("other-signals");
  if (!wanted || event.signal == SIGSTOP) return resumeQuietly();
  StopReport stop{StopReason::Signal, task.tid()};
  stop.signal = event.signal;
  stop.signalCode = event.signalCode;
  stop.faultAddress = event.faultAddress;
  stop.description = signals::describe(event.signal);
  report(stop);
}

}  // namespace rwd
