// RunController: decides what each StopEvent means — report a stop, hand
// it to the stepper, refresh symbols at a library load, or quietly resume —
// and carries out continue, step and pause requests.
#pragma once

#include <functional>
#include <map>
#include <set>
#include <string>
#include <memory>
#include <optional>
#include <vector>

#include "control/BreakpointTable.h"
#include "control/DataBreakpointTable.h"
#include "control/InstructionBreakpointTable.h"
#include "control/InstructionStepper.h"
#include "control/LineStepper.h"
#include "control/ReverseController.h"
#include "control/StopReport.h"
#include "process/Process.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Unwinder.h"

namespace rwd {

struct RunCallbacks {
  std::function<void(const StopReport&)> stopped;
  std::function<void(int exitCode, int signal)> exited;
  std::function<void(const char* reason, pid_t tid)> thread;
  // Modules changed (a library loaded, or execve); the callee refreshes
  // symbols and pending breakpoints.
  std::function<void(bool afterExec)> modulesChanged;
  // A message for the debug console, and a data breakpoint that ended.
  std::function<void(const std::string& text)> console;
  std::function<void(int id)> dataBreakpointRemoved;
  // Evaluates a breakpoint condition in the stopped thread's top frame;
  // throws DebugError when it cannot be evaluated.
  std::function<bool(pid_t tid, const std::string& condition)> conditionHolds;
  // A log message with its {expressions} replaced by their values.
  std::function<std::string(pid_t tid, const std::string& message)> formatLogMessage;
  // For a breakpoint whose condition and hit count the kernel judges at
  // `address` (UserBreakpoint::kernelSites): whether its probe asked for
  // this stop, and whether because the condition could not be read.
  std::function<bool(int id, uint64_t address, bool& faulted)> kernelStopped;
};

class RunController {
 public:
  // `hardware` holds the hardware breakpoints of `breakpoints` and of the
  // instruction breakpoints; its slots come from debugRegisters().
  RunController(Process& process, SymbolIndex& symbols, Unwinder& unwinder, BreakpointTable& breakpoints,
                ExecutionSlots& hardware, RunCallbacks callbacks);
  ~RunController();

  // Sets the internal breakpoint that tells when libraries load.
  void watchLibraryLoads();
  void continueAll();
  // Only `tid` runs; the other threads stay stopped.
  void continueThread(pid_t tid);
  void step(pid_t tid, StepMode mode, bool singleThread = false);
  // The same at instruction granularity (stepi, nexti, step out to the return address).
  void stepInstruction(pid_t tid, StepMode mode, bool singleThread = false);
  // Runs to the first line of main and reports reason "entry".
  void runToEntry();
  // Runs to main, starts recording there, and goes on (or stops there with
  // reason "entry" when `stopThere`).
  void runToMainThenRecord(uint64_t limit, bool stopThere);
  // Set when the recording starts at main; the Debugger announces it.
  std::function<void()> recordingStarted;
  // Just attached (every thread stopped): tell the user where it is.
  void reportAttached();
  // Which stops the user wants: "fatal-signals", "other-signals",
  // "cpp-throw", "rust-panic".
  void setExceptionFilters(const std::set<std::string>& filters);
  // Stops everything now; false when it already was stopped.
  bool pause();
  bool isRunning() const { return running_; }
  void handle(std::vector<StopEvent>& events);
  // The data breakpoints, created on first use.
  DataBreakpointTable& dataBreakpoints();
  // The CPU's debug registers, shared by data breakpoints and hardware
  // instruction breakpoints; created on first use.
  DebugRegisterSlots& debugRegisters();
  bool hasDebugRegisters() const { return debugRegisters_ != nullptr; }
  // Empties the debug registers of every thread (all stopped) before a
  // detach: a slot left armed would kill the program with SIGTRAP.
  void clearDebugRegisters();
  InstructionBreakpointTable& instructionBreakpoints() { return instructionBreakpoints_; }
  ReverseController& reverse() { return reverse_; }
  // A travel through the history has ended: report where.
  void reportTravel(pid_t tid, const TravelResult& result);
  // Reverse-continue (backward) or continue while in the recorded past:
  // travels to the nearest breakpoint whose condition holds and whose hit
  // count is reached, or the nearest write to a watched byte; atLiveEnd
  // when going forward found none (the caller then runs on live).
  TravelResult continueInHistory(bool backward);

 private:
  void handleOne(const StopEvent& event);
  // A thread's stop that comes after a stop was reported (in the same
  // batch, or found while stopping the other threads): a breakpoint is hit
  // again later, a signal or a data breakpoint trap waits for the next
  // continue. False for news that is handled at once.
  bool holdWhileStopped(const StopEvent& event);
  // At a continue: the held stops first; true when one of them stops.
  bool replayHeldStops();
  // At a step: held signals are delivered as the program steps.
  void deliverHeldSignalsQuietly();
  void onBreakpoint(Task& task, const StopEvent& event);
  // Conditions, hit counts and log messages of the breakpoints at a hit:
  // the ids that stop, and why a condition failed to evaluate (if it did).
  // Of the breakpoints `ids` at `pc`, those that stop thread `tid` there
  // (conditions judged, hits counted, log points written).
  std::vector<int> breakpointsThatStop(pid_t tid, uint64_t pc, const std::vector<int>& ids, std::string& problem);
  // Why a kernel-judged condition that stopped could not be read, in the debugger's words when it can say.
  std::string conditionProblem(pid_t tid, const UserBreakpoint& breakpoint);
  // A logpoint's probe stopped (it could not read what it needed): the
  // condition and message judged here instead; false when it stops (the
  // condition cannot be read: `problem` says why).
  bool logsAfterKernelFault(pid_t tid, const UserBreakpoint& breakpoint, std::string& problem);
  // Whether `tid` exists where the program is (in the past: within its life).
  bool threadExistsHere(pid_t tid);
  void onSignal(Task& task, const StopEvent& event);
  void onHardwareTrap(Task& task, const StopEvent& event);
  void reportDataHits(Task& task, const std::vector<DataBreakpointHit>& hits);
  // A data breakpoint's condition judged in the top frame of `tid`.
  WatchConditionCheck conditionIn(pid_t tid);
  void applyStepDecision(StepDecision decision, pid_t tid);
  void report(StopReport report);
  void resumeQuietly();
  // Ends any step under way, line or instruction.
  void cancelSteps();
  // The stepper of the step under way on `tid`'s behalf, as a decision on a single step; nullopt when none.
  std::optional<StepDecision> stepperSingleStep(Task& task);
  std::optional<StepDecision> stepperBreakpoint(Task& task, uint64_t address);
  void placeExceptionBreakpoints();
  std::string thrownTypeName(Task& task);

  Process& process_;
  SymbolIndex& symbols_;
  Unwinder& unwinder_;
  BreakpointTable& breakpoints_;
  RunCallbacks callbacks_;
  LineStepper stepper_;
  InstructionStepper instructionStepper_;
  std::unique_ptr<DebugRegisterSlots> debugRegisters_;
  InstructionBreakpointTable instructionBreakpoints_;
  std::unique_ptr<DataBreakpointTable> dataBreakpoints_;
  ReverseController reverse_;
  bool running_ = false;
  std::vector<StopEvent> heldStops_;
  uint64_t libraryLoadBreakpoint_ = 0;
  uint64_t entryBreakpoint_ = 0;
  // runToMainThenRecord: record from main on with this limit.
  std::optional<uint64_t> recordAtEntry_;
  bool stopAtEntry_ = true;
  std::set<std::string> filters_{"fatal-signals"};
  std::map<uint64_t, std::string> exceptionBreakpoints_;  // address → filter
};

}  // namespace rwd
