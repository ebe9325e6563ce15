// RunController: the policy half of running the debuggee.
#include "control/RunController.h"

#include <signal.h>

#include <algorithm>
#include <cstring>
#include <string>

namespace rwd {

namespace {

// Signals that mean the program is in trouble: stop and show them. The
// rest are handed to the program without a stop.
bool isErrorSignal(int signal) {
  switch (signal) {
    case SIGSEGV: case SIGBUS: case SIGFPE: case SIGILL: case SIGABRT: case SIGTRAP: case SIGSYS:
      return true;
    default:
      return false;
  }
}

std::string signalDescription(int signal) {
  const char* abbreviation = sigabbrev_np(signal);
  std::string name = abbreviation ? std::string("SIG") + abbreviation : "signal " + std::to_string(signal);
  return std::string(strsignal(signal)) + " (" + name + ")";
}

}  // namespace

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

void RunController::continueAll() {
  stepper_.cancel();
  running_ = true;
  process_.resumeAll();
}

void RunController::step(pid_t tid, StepMode mode) {
  running_ = true;
  applyStepDecision(stepper_.start(tid, mode), tid);
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
  }
  auto ids = breakpoints_.idsAt(address);
  if (!ids.empty()) {
    report(StopReport{"breakpoint", task.tid(), ids});
    return;
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

void RunController::onSignal(Task& task, const StopEvent& event) {
  task.pendingSignal = event.signal;  // delivered when the program resumes
  if (!isErrorSignal(event.signal)) return resumeQuietly();
  StopReport stop{"signal", task.tid()};
  stop.signal = event.signal;
  stop.signalCode = event.signalCode;
  stop.faultAddress = event.faultAddress;
  stop.description = signalDescription(event.signal);
  report(stop);
}

}  // namespace rwd
