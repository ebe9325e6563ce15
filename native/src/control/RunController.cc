// RunController: the policy half of running the debuggee.
#include "control/RunController.h"

#include "control/SignalText.h"

#include <signal.h>

#include <cxxabi.h>

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <string>

namespace rwd {


RunController::RunController(Process& process, SymbolIndex& symbols, Unwinder& unwinder, BreakpointTable& breakpoints,
                             RunCallbacks callbacks)
    : process_(process), symbols_(symbols), unwinder_(unwinder), breakpoints_(breakpoints),
      callbacks_(std::move(callbacks)), stepper_(process, symbols, unwinder) {}

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
  static const std::pair<const char*, const char*> kFilterSymbols[] = {{"cpp-throw", "__cxa_throw"}, {"rust-panic", "rust_panic"}};
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
  stepper_.cancel();
  running_ = true;
  process_.resumeAll();
}

void RunController::continueThread(pid_t tid) {
  stepper_.cancel();
  Task* task = process_.task(tid);
  if (!task) return;
  running_ = true;
  process_.resumeThread(*task);
}

void RunController::step(pid_t tid, StepMode mode, bool singleThread) {
  running_ = true;
  applyStepDecision(stepper_.start(tid, mode, singleThread), tid);
}

void RunController::runToEntry() {
  auto main = symbols_.symbolAddress("main");
  std::optional<uint64_t> target = main ? symbols_.addressAfterPrologue(*main) : std::nullopt;
  if (!target) target = main;
  if (!target || !process_.memory().addBreakpoint(*target)) {
    report(StopReport{"entry", process_.processId(), {}, "Stopped at the program's first instruction (no 'main' found)."});
    return;
  }
  entryBreakpoint_ = *target;
  continueAll();
}

void RunController::reportAttached() {
  report(StopReport{"pause", process_.processId(), {}, "Attached to process " + std::to_string(process_.processId())});
}

bool RunController::pause() {
  if (!running_) return false;
  stepper_.cancel();
  process_.stopAll();
  report(StopReport{"pause", process_.processId(), {}, "Paused"});
  return true;
}

void RunController::report(StopReport stop) {
  stepper_.cancel();
  if (!process_.allStopped()) process_.stopAll();
  running_ = false;
  callbacks_.stopped(stop);
}

void RunController::resumeQuietly() {
  if (stepper_.active()) {
    // A quiet stop of another kind while stepping: go on with the step.
    Task* task = process_.task(stepper_.tid());
    if (task && task->isStopped() && task->lastResumeWasStep) {
      process_.singleStep(*task);
      return;
    }
  }
  process_.resumeAll();
}

void RunController::applyStepDecision(StepDecision decision, pid_t tid) {
  if (decision == StepDecision::Finished) report(StopReport{"step", tid});
}

void RunController::handle(std::vector<StopEvent>& events) {
  for (const auto& event : events) {
    if (!process_.isAlive() && event.kind != StopKind::ProcessExited) continue;
    handleOne(event);
  }
}

void RunController::handleOne(const StopEvent& event) {
  switch (event.kind) {
    case StopKind::ProcessExited:
      stepper_.cancel();
      running_ = false;
      callbacks_.exited(event.exitCode, event.signal);
      return;
    case StopKind::ThreadStarted:
      callbacks_.thread("started", event.tid);
      return;
    case StopKind::ThreadExited:
      callbacks_.thread("exited", event.tid);
      if (stepper_.active() && stepper_.tid() == event.tid) {
        stepper_.cancel();
        process_.resumeAll();
      }
      return;
    case StopKind::Exec:
      stepper_.cancel();
      libraryLoadBreakpoint_ = 0;
      entryBreakpoint_ = 0;
      callbacks_.modulesChanged(true);
      watchLibraryLoads();
      placeExceptionBreakpoints();
      process_.resumeAll();
      return;
    case StopKind::Interrupted: {
      // A stop we asked for while stopping threads; it means nothing now.
      Task* task = process_.task(event.tid);
      if (task && running_ && !stepper_.active()) task->resume(task->pendingSignal);
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
      auto hits = dataBreakpoints_->takeHits(task->tid());
      if (!hits.empty()) return reportDataHits(*task, hits);
    }
    if (stepper_.active() && stepper_.tid() == event.tid) return applyStepDecision(stepper_.onSingleStep(*task), event.tid);
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
  auto exception = exceptionBreakpoints_.find(address);
  if (exception != exceptionBreakpoints_.end()) {
    StopReport stop{"exception", task.tid()};
    stop.exceptionFilter = exception->second;
    if (exception->second == "cpp-throw") {
      stop.exceptionDetail = thrownTypeName(task);
      stop.description = "C++ exception thrown" + (stop.exceptionDetail.empty() ? std::string() : ": " + stop.exceptionDetail);
    } else {
      stop.description = "Rust panic";
    }
    report(stop);
    return;
  }
  auto ids = breakpoints_.idsAt(address);
  if (!ids.empty()) {
    std::string problem;
    auto stopping = breakpointsThatStop(task, ids, problem);
    if (!stopping.empty()) {
      report(StopReport{"breakpoint", task.tid(), stopping, problem});
      return;
    }
    // Log points and false conditions: on with whatever was under way.
    if (auto decision = stepper_.onBreakpoint(task, address)) return applyStepDecision(*decision, task.tid());
    return resumeQuietly();
  }
  if (address == entryBreakpoint_) {
    process_.memory().removeBreakpoint(address);
    entryBreakpoint_ = 0;
    report(StopReport{"entry", task.tid(), {}, "Stopped at the start of main"});
    return;
  }
  if (auto decision = stepper_.onBreakpoint(task, address)) return applyStepDecision(*decision, task.tid());
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
  if (!dataBreakpoints_) {
    dataBreakpoints_ = std::make_unique<DataBreakpointTable>(process_);
    process_.onThreadCreated = [this](pid_t tid) { dataBreakpoints_->onThreadCreated(tid); };
    process_.onThreadGone = [this](pid_t tid) { dataBreakpoints_->onThreadExited(tid); };
    process_.hardwareTrapsPossible = true;
  }
  return *dataBreakpoints_;
}

void RunController::reportDataHits(Task& task, const std::vector<DataBreakpointHit>& hits) {
  StopReport stop{"data breakpoint", task.tid()};
  for (const auto& hit : hits) {
    stop.hitBreakpointIds.push_back(hit.id);
    stop.description += (stop.description.empty() ? "" : "; ") + hit.description;
  }
  report(stop);
}

void RunController::onHardwareTrap(Task& task, const StopEvent& event) {
  if (dataBreakpoints_) {
    auto hits = dataBreakpoints_->takeHits(task.tid());
    if (!hits.empty()) return reportDataHits(task, hits);
    // A hit that its hit condition skips: on with whatever was under way.
    if (stepper_.active() && stepper_.tid() == task.tid() && task.lastResumeWasStep) {
      return applyStepDecision(stepper_.onSingleStep(task), task.tid());
    }
    return resumeQuietly();
  }
  onSignal(task, StopEvent{StopKind::Signal, event.tid, SIGTRAP});
}

std::vector<int> RunController::breakpointsThatStop(Task& task, const std::vector<int>& ids, std::string& problem) {
  std::vector<int> stopping;
  for (int id : ids) {
    UserBreakpoint* breakpoint = breakpoints_.find(id);
    if (!breakpoint) continue;
    if (!breakpoint->condition.empty()) {
      try {
        if (!callbacks_.conditionHolds(task.tid(), breakpoint->condition)) continue;
      } catch (const std::exception& error) {
        // A condition that cannot be evaluated stops, and says why.
        problem = "Breakpoint condition '" + breakpoint->condition + "' could not be evaluated: " + error.what();
        stopping.push_back(id);
        continue;
      }
    }
    if (!breakpoint->hitCondition.countHit()) continue;
    if (!breakpoint->logMessage.empty()) {
      callbacks_.console(callbacks_.formatLogMessage(task.tid(), breakpoint->logMessage) + "\n");
      continue;
    }
    stopping.push_back(id);
  }
  return stopping;
}

void RunController::onSignal(Task& task, const StopEvent& event) {
  task.pendingSignal = event.signal;  // delivered when the program resumes
  const bool fatal = signals::isFatal(event.signal);
  const bool wanted = fatal ? filters_.count("fatal-signals") : filters_.count("other-signals");
  if (!wanted || event.signal == SIGSTOP) return resumeQuietly();
  StopReport stop{"signal", task.tid()};
  stop.signal = event.signal;
  stop.signalCode = event.signalCode;
  stop.faultAddress = event.faultAddress;
  stop.description = signals::describe(event.signal);
  report(stop);
}

}  // namespace rwd
