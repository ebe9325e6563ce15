// Debugger: one debugging session of one program — owns the process, its
// symbols, breakpoints and run controller, the program's output pipes, and
// turns what happens into protocol events. Request handlers work on it. A
// session may instead inspect a core dump (CoreTarget): symbols, stacks,
// variables and memory, and nothing that runs.
#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <string>
#include <vector>

#include "control/BreakpointTable.h"
#include "control/RunController.h"
#include "gpu/GpuSession.h"
#include "process/CoreTarget.h"
#include "process/LaunchRequest.h"
#include "process/Process.h"
#include "process/ProgramLauncher.h"
#include "probe/ProbeBreakpoints.h"
#include "protocol/MessageWriter.h"
#include "server/EvaluationCache.h"
#include "server/NativeStepStretch.h"
#include "server/NativeTravels.h"
#include "server/RecordingEngine.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Unwinder.h"
#include "symbols/VariableInspector.h"

namespace rwd {

class Debugger {
 public:
  explicit Debugger(MessageWriter& writer);
  ~Debugger();

  // Returns warnings for the user.
  std::vector<std::string> launch(const LaunchRequest& request, bool stopOnEntry);
  // Attaches to a running process; it stays stopped until
  // configurationDone, which lets it run or (stopOnEntry) reports where it is.
  std::vector<std::string> attach(pid_t pid, bool stopOnEntry);
  // Opens a core dump of `program`: it can be inspected, never run.
  std::vector<std::string> openCore(const std::string& corePath, const std::string& program);
  void configurationDone();
  void end(bool terminate);

  bool isCore() const { return core_ != nullptr; }
  const CoreTarget& core() const { return *core_; }
  // The program's memory and registers: the live process, or the core.
  TargetAccess& target();
  // There is something to look at: a live program or a core dump.
  bool isInspectable() const { return hasProcess() || core_; }
  // Throws WrongState unless there is a core dump or a live, stopped program.
  void requireInspectable(const char* what) const;
  // Whether `tid` is a thread where the program is — in the recorded past,
  // one that exists at that moment (also one that has exited since).
  bool hasThread(pid_t tid);
  // Throws NoSuchThread with a sentence (in the past: when it is created or exits) unless hasThread.
  void requireThread(pid_t tid);
  // Threads with their names, and the one a request without `tid` means.
  std::vector<std::pair<pid_t, std::string>> threadList();
  pid_t mainThread();

  bool hasProcess() const { return process_ && process_->isAlive(); }
  // Throws WrongState unless there is a live, stopped program.
  void requireStopped(const char* what) const;
  // Throws RequestError(WrongState) naming `what` while the program is in
  // the recorded past (it can be inspected there, not changed).
  void refuseInPast(const std::string& what);
  void requireProcess(const char* what) const;

  Process& process() { return *process_; }
  SymbolIndex& symbols() { return *symbols_; }
  Unwinder& unwinder() { return *unwinder_; }
  VariableInspector& variables() { return *variables_; }
  BreakpointTable& breakpoints() { return *breakpoints_; }
  // The GPU side: detected at launch/attach, attached at configurationDone.
  GpuSession& gpu() { return *gpu_; }
  RunController& controller();
  // The last stop reported, for exceptionInfo; nullopt while running.
  const std::optional<StopReport>& lastStop() const { return lastStop_; }
  // Invalidates everything tied to a stop (frames, variable references,
  // kept evaluations).
  void beforeResume();
  // Answers of `evaluate` kept for this stop; see EvaluationCache for when
  // it must be invalidated.
  EvaluationCache& evaluations() { return evaluations_; }
  // Frame `index` of a stopped thread; throws NoSuchThread / NoSuchFrame.
  Frame frame(pid_t tid, int index);

  // Recording: whether recorded steps are waiting to be run, and a batch.
  bool hasBackgroundWork() const { return process_ && process_->isAlive() && process_->hasRecordedRun(); }
  void runBackground();
  // Tells the client the recording's state (the `recording` event).
  void announceRecording();
  // The launch/attach option `softwareWatchpoints`: data breakpoints by
  // single-stepping even where the debug registers trap.
  void setSoftwareWatchpoints(bool on) { softwareWatchpoints_ = on; }
  bool softwareWatchpoints() const { return softwareWatchpoints_; }
  // A line for the Debug Console.
  void console(const std::string& text);
  // Tells the client that a function call `evaluate` ran on `tid` may have
  // changed the values it shows (the `invalidated` event).
  void announceCallRan(pid_t tid);
  // How configurationDone starts recording: "off", "fromEntry", "fromMain";
  // `engine` is the launch argument recordEngine ("auto", "native", "step").
  // Set before launch: a native recording starts with the program.
  void setRecordMode(const std::string& mode, uint64_t limit, const std::string& engine = "auto") {
    recordMode_ = mode;
    recordLimit_ = limit;
    recordEngineName_ = engine;
  }
  // recordingInfo: the step recorder's figures and, when a recording was
  // asked for, which engine records (and the native log).
  nlohmann::json recordingInfo() const;
  // Throws WrongState naming `what` while the native engine records (it
  // serves no reverse requests yet).
  void refuseReverse(const std::string& what) const { engine_.refuseReverse(what, inNativePast()); }
  // Native recordings: whether the native engine records this program,
  // whether the session shows it in its past (a replay), and the travels
  // served there (see NativeTravels).
  bool nativeRecording() const { return engine_.native(); }
  // Native recordings: the user's steps are recorded exactly (see
  // NativeStepStretch). beforeUserStep() before a forward step at the live
  // program, beforeLiveRun() before it runs on at native speed;
  // refuseReverseStep() throws WrongState naming `what` where no stretch
  // serves a reverse step (the step recorder serves it otherwise).
  void beforeUserStep();
  void beforeLiveRun();
  void refuseReverseStep(const std::string& what) const;
  // A reverse step served from the user's steps: says where they begin when it got there.
  void describeNativeStep(TravelResult& result) const {
    if (stepStretch_) stepStretch_->describeFirstStep(result);
  }
  bool inNativePast() const { return nativeTravels_ && nativeTravels_->inPast(); }
  TravelResult nativeReverseContinue();
  // In the native past: to the next hit or the present (atLiveEnd: run on live from there).
  TravelResult nativeContinueForward();
  // Event loop hooks: output pipes and process events.
  std::vector<int> outputFds() const;
  void onOutputReadable(int fd);
  void onProcessEvents();
  // A launched program is killed at the end, an attached one detached.
  bool launchedByUs() const { return !process_ || !process_->wasAttached(); }

 private:
  // Lets the kernel judge breakpoint conditions (uprobe + BPF) where it can.
  void judgeInKernel();
  // Calls an IFUNC resolver in a stopped thread (where calls are allowed)
  // and answers the implementation it returned; nullopt when it cannot.
  std::optional<uint64_t> callIfuncResolver(uint64_t resolver);
  std::vector<std::string> adopt(std::unique_ptr<Process> process, const std::string& program);
  void reportStop(const StopReport& stop);
  Frame topFrame(pid_t tid);
  VariableView evaluateInTopFrame(pid_t tid, const std::string& expression);
  bool conditionHoldsInTopFrame(pid_t tid, const std::string& condition);
  std::string formatLogMessage(pid_t tid, const std::string& message);
  void reportExit(int exitCode, int signal);
  void drainOutput();
  // What the kernel's logpoint probes wrote, into the Debug Console.
  void drainLogs();
  void forwardOutput(int fd, const char* category);
  void announceModules(bool afterExec);

  MessageWriter& writer_;
  std::unique_ptr<GpuSession> gpu_;
  std::unique_ptr<Process> process_;
  std::unique_ptr<CoreTarget> core_;  // outlives the symbols that read it
  std::unique_ptr<SymbolIndex> symbols_;
  std::unique_ptr<Unwinder> unwinder_;
  std::unique_ptr<VariableInspector> variables_;
  std::unique_ptr<ExecutionSlots> executionSlots_;  // hardware breakpoints of both tables
  std::unique_ptr<BreakpointTable> breakpoints_;
  std::unique_ptr<ProbeBreakpoints> probes_;  // kernel-judged conditions of breakpoints_
  std::set<std::pair<int, std::string>> judgeNotesSaid_;
  std::unique_ptr<RunController> controller_;
  LaunchedProgram program_;
  bool stopOnEntry_ = false;
  std::optional<StopReport> lastStop_;
  EvaluationCache evaluations_;
  std::string recordMode_ = "off";
  std::string recordEngineName_ = "auto";
  RecordingEngine engine_;
  std::unique_ptr<NativeTravels> nativeTravels_;    // while in a native recording's past (owns the replay)
  std::unique_ptr<NativeStepStretch> stepStretch_;  // the user's steps on a native recording
  uint64_t recordLimit_ = 0;
  bool configured_ = false;
  bool softwareWatchpoints_ = false;
  bool limitNoticeGiven_ = false;  // "Recording limit reached" said for this recording
  std::chrono::steady_clock::time_point lastDropAnnounced_{};
};

}  // namespace rwd
