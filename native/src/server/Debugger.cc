// Debugger: session ownership and the events it reports.
#include "server/Debugger.h"

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "control/LogMessage.h"
#include "control/SignalText.h"
#include "process/ProcessAttacher.h"
#include "protocol/JsonArgs.h"
#include "protocol/RequestError.h"
#include "record/SyscallInjector.h"
#include "server/FunctionCallPolicy.h"
#include "server/handlers/ControlJson.h"
#include "server/handlers/GpuJson.h"
#include "symbols/InlineFrames.h"

namespace rwd {

using nlohmann::json;

namespace {

// What a logpoint's {expression} prints: a char pointer as its text
// (hello, not 0x4006f4 "hello"); anything else as the Variables view shows it.
std::string logText(const VariableView& view) {
  const std::string& value = view.value;
  const size_t quote = value.find(" \"");
  if (!view.pointerTarget || view.type.find("char") == std::string::npos || quote == std::string::npos) return value;
  const bool cut = value.size() >= 4 && value.compare(value.size() - 4, 4, "\"...") == 0;
  const size_t end = value.size() - (cut ? 4 : 1);
  if (end <= quote + 1 || value[end] != '"') return value;
  return value.substr(quote + 2, end - quote - 2) + (cut ? "..." : "");
}

}  // namespace

Debugger::Debugger(MessageWriter& writer) : writer_(writer), gpu_(std::make_unique<GpuSession>()) {
  gpu_->onConsole = [this](const std::string& text) { console(text + "\n"); };
  gpu_->onBreakpointArmed = [this](const std::string& file, int line, uint64_t address) {
    writer_.event("gpuBreakpoint", gpuBreakpointEventJson(file, line, address));
  };
  gpu_->onThreadsStopped = [this](const GpuChange& change) {
    writer_.event("gpuStopped", gpuStoppedEventJson(change));
  };
}

Debugger::~Debugger() { end(true); }

namespace {

// A uprobe of the program's own eats the int3 a replay counts with at the
// same code (the kernel takes it for its own breakpoint in a process it
// does not probe, and removes it): the debugger judges those breakpoints.
void judgeForReplay(BreakpointTable& breakpoints, const std::function<void(const std::string&)>& console) {
  const std::string why =
      "Condition judged by the debugger: reverse execution on a native recording counts the hits in replays.";
  for (int id : breakpoints.takeBackFromKernel(why)) console("Breakpoint " + std::to_string(id) + ": " + why + "\n");
}

// Runs a native travel; when one from the past fails, the present (shown
// again) is reported before the error.
TravelResult travelOrShowPresent(RunController& controller, pid_t pid, bool wasInPast,
                                 const std::function<TravelResult()>& travel) {
  try {
    return travel();
  } catch (const RequestError&) {
    // The travel was dropped: the program is shown at the present again.
    if (wasInPast) controller.reportTravel(pid, TravelResult{StopReason::Pause, "Back at the present", {}, false, pid});
    throw;
  }
}

}  // namespace

void Debugger::requireProcess(const char* what) const {
  if (core_) {
    throw RequestError(
        ErrorCode::WrongState,
        std::string("Cannot ") + what +
            ": a core file cannot run. This session inspects a core dump: threads, call stacks, variables and memory.");
  }
  if (!process_)
    throw RequestError(ErrorCode::WrongState, std::string("Cannot ") + what + ": no program has been launched yet.");
  if (!process_->isAlive())
    throw RequestError(ErrorCode::WrongState, std::string("Cannot ") + what + ": the program has exited.");
}

void Debugger::requireStopped(const char* what) const {
  requireProcess(what);
  if (controller_->isRunning()) {
    throw RequestError(ErrorCode::WrongState,
                       std::string("Cannot ") + what + " while the program is running; pause it first.");
  }
}

void Debugger::requireInspectable(const char* what) const {
  if (!core_) requireStopped(what);
}

RunController& Debugger::controller() {
  if (!controller_) requireProcess("control the program");
  return *controller_;
}

TargetAccess& Debugger::target() {
  if (core_) return *core_;
  requireProcess("read the program");
  return *process_;
}

bool Debugger::hasThread(pid_t tid) {
  if (core_) {
    auto threads = core_->threadIds();
    return std::find(threads.begin(), threads.end(), tid) != threads.end();
  }
  if (!process_) return false;
  if (controller_) {
    if (auto past = controller_->reverse().threadsInPast()) return std::count(past->begin(), past->end(), tid) > 0;
  }
  return process_->task(tid) != nullptr;
}

void Debugger::requireThread(pid_t tid) {
  if (hasThread(tid)) return;
  if (!core_ && controller_) controller_->reverse().requireThreadHere(tid);  // says why, in the past
  throw RequestError("NoSuchThread", "Thread " + std::to_string(tid) + " is not a thread of the program.");
}

std::vector<std::pair<pid_t, std::string>> Debugger::threadList() {
  std::vector<std::pair<pid_t, std::string>> threads;
  if (core_) {
    for (pid_t tid : core_->threadIds()) threads.emplace_back(tid, core_->commandName());
  } else if (hasProcess()) {
    // In the recorded past: the threads of that moment, those that have
    // exited since among them (named as when they were last seen).
    auto past = controller_ ? controller_->reverse().threadsInPast() : std::nullopt;
    for (pid_t tid : past ? *past : process_->threadIds()) {
      Task* task = process_->task(tid);
      if (task) threads.emplace_back(tid, task->name());
      else threads.emplace_back(tid, controller_->reverse().recordedThreadName(tid) + " (exits later)");
    }
  }
  return threads;
}

pid_t Debugger::mainThread() {
  if (core_) return core_->threadIds().front();
  return process_ ? process_->processId() : 0;
}

std::vector<std::string> Debugger::openCore(const std::string& corePath, const std::string& program) {
  if (process_ || core_)
    throw RequestError(ErrorCode::WrongState, "A program is already being debugged in this session.");
  ProgramLauncher::checkProgram(program);
  core_ = CoreTarget::open(corePath, program);
  symbols_ = std::make_unique<SymbolIndex>(*core_);
  core_->readModulesFrom(symbols_->dwfl());
  unwinder_ = std::make_unique<Unwinder>(*symbols_, *core_);
  variables_ = std::make_unique<VariableInspector>(*symbols_, *core_);
  announceModules(false);
  std::vector<std::string> warnings;
  const auto& modules = symbols_->modules();
  if (!modules.empty() && !modules.front().hasDebugInfo) {
    warnings.push_back(
        "'" + program +
        "' has no debug information (DWARF): variables are not available, frames show module+offset. Build it with -g.");
  }
  const std::string base = program.substr(program.rfind('/') + 1);
  const std::string& command = core_->commandName();
  if (!command.empty() && base.compare(0, command.size(), command) != 0) {
    warnings.push_back("The core was dumped by '" + command + "', not by '" + base +
                       "': stacks and variables may be wrong. Give the program that dumped it as \"program\".");
  }
  return warnings;
}

std::vector<std::string> Debugger::launch(const LaunchRequest& request, bool stopOnEntry) {
  if (process_) throw RequestError(ErrorCode::WrongState, "A program is already being debugged in this session.");
  LaunchRequest prepared = request;
  if (recordMode_ != "off") {
    engine_.choose(recordEngineName_, request.launcherPid > 0);
    engine_.prepare(prepared);
  }
  program_ = ProgramLauncher::launch(prepared);
  stopOnEntry_ = stopOnEntry;
  std::vector<std::string> warnings = adopt(Process::adoptLaunched(program_.pid, engine_.native()), request.program);
  engine_.begin(
      *process_, [this](const std::string& text) { console(text); }, [this] { announceRecording(); });
  return warnings;
}

std::vector<std::string> Debugger::attach(pid_t pid, bool stopOnEntry) {
  if (process_) throw RequestError(ErrorCode::WrongState, "A program is already being debugged in this session.");
  auto threads = ProcessAttacher::attach(pid);
  stopOnEntry_ = stopOnEntry;
  return adopt(Process::adoptAttached(pid, threads), ProcessAttacher::executableOf(pid));
}

std::vector<std::string> Debugger::adopt(std::unique_ptr<Process> process, const std::string& program) {
  process_ = std::move(process);
  evaluations_.invalidate();
  symbols_ = std::make_unique<SymbolIndex>(*process_);
  unwinder_ = std::make_unique<Unwinder>(*symbols_, *process_);
  variables_ = std::make_unique<VariableInspector>(*symbols_, *process_);
  executionSlots_ =
      std::make_unique<ExecutionSlots>([this]() -> DebugRegisterSlots& { return controller_->debugRegisters(); });
  breakpoints_ = std::make_unique<BreakpointTable>(*symbols_, process_->memory(), *executionSlots_);
  breakpoints_->ifuncs().callResolver = [this](uint64_t resolver) { return callIfuncResolver(resolver); };
  judgeInKernel();
  RunCallbacks callbacks;
  callbacks.stopped = [this](const StopReport& stop) { reportStop(stop); };
  callbacks.exited = [this](int exitCode, int signal) { reportExit(exitCode, signal); };
  callbacks.thread = [this](const char* reason, pid_t tid) {
    writer_.event("thread", {{"reason", reason}, {"tid", tid}});
  };
  callbacks.modulesChanged = [this](bool afterExec) { announceModules(afterExec); };
  callbacks.console = [this](const std::string& text) {
    writer_.event("output", {{"category", "console"}, {"text", text}});
  };
  callbacks.dataBreakpointRemoved = [this](int id) {
    writer_.event("breakpoint",
                  {{"reason", "removed"}, {"breakpoint", {{"id", id}, {"verified", false}, {"kind", "data"}}}});
  };
  callbacks.conditionHolds = [this](pid_t tid, const std::string& condition) {
    return conditionHoldsInTopFrame(tid, condition);
  };
  callbacks.formatLogMessage = [this](pid_t tid, const std::string& message) { return formatLogMessage(tid, message); };
  callbacks.kernelStopped = [this](int id, uint64_t address, bool& faulted) {
    return probes_->stopped(id, address, faulted);
  };
  controller_ =
      std::make_unique<RunController>(*process_, *symbols_, *unwinder_, *breakpoints_, *executionSlots_, callbacks);
  controller_->recordingStarted = [this] {
    limitNoticeGiven_ = false;
    announceRecording();
  };

  announceModules(false);
  controller_->watchLibraryLoads();
  gpu_->detect();
  std::vector<std::string> warnings;
  const auto& modules = symbols_->modules();
  if (!modules.empty() && !modules.front().hasDebugInfo) {
    warnings.push_back(
        "'" + program +
        "' has no debug information (DWARF): breakpoints by line and variables are not available, frames show module+offset. Build it with -g.");
  }
  return warnings;
}

void Debugger::judgeInKernel() {
  ProgramForPatches program;
  program.relocated = &process_->relocatedCode();
  program.threadPcs = [this] {
    std::vector<uint64_t> pcs;
    for (pid_t tid : process_->threadIds()) {
      if (Task* task = process_->task(tid); task && task->isStopped()) pcs.push_back(task->pc());
    }
    return pcs;
  };
  program.syscalls = [this]() -> std::optional<ProgramSyscalls> {
    if (!process_->allStopped()) return std::nullopt;
    Task* borrowed = nullptr;
    for (pid_t tid : process_->threadIds()) {
      if (Task* task = process_->task(tid); task && !borrowed) borrowed = task;
    }
    if (!borrowed) return std::nullopt;
    ProgramSyscalls calls;
    calls.scratch = borrowed->registers().rsp - 512;  // below the red zone
    calls.run = [this, tid = borrowed->tid()](uint64_t at, uint64_t number,
                                              const std::array<uint64_t, 6>& arguments) -> std::optional<int64_t> {
      Task* task = process_->task(tid);
      if (!task) return std::nullopt;
      return SyscallInjector::run(*process_, *task, at, number,
                                  {arguments[0], arguments[1], arguments[2], arguments[3], arguments[4], arguments[5]});
    };
    return calls;
  };
  probes_ = std::make_unique<ProbeBreakpoints>(
      process_->processId(), process_->memory(), [this](uint64_t pc) { return variables_->scopeAt(pc); }, program);
  probes_->setLogOutput({[this](const CapturedValue& captured) {
                           try {
                             return logText(
                                 variables_->capturedView(captured.expression, captured.value, captured.memory));
                           } catch (const std::exception& error) { return "<" + std::string(error.what()) + ">"; }
                         },
                         [this](const std::string& text) { console(text); }});
  KernelJudge judge;
  judge.place = [this](const UserBreakpoint& breakpoint, uint64_t address, std::string& note) {
    if (process_->observingSteps()) {
      note =
          "Condition judged by the debugger: every instruction is being stepped (recording or software watchpoints).";
      return false;
    }
    const bool placed = probes_->place(breakpoint, address, note);
    // Said once per breakpoint and path in the Debug Console.
    if (!note.empty() && judgeNotesSaid_.insert({breakpoint.id, note}).second) {
      console("Breakpoint " + std::to_string(breakpoint.id) + ": " + note + "\n");
    }
    return placed;
  };
  judge.remove = [this](int id, uint64_t address) { probes_->remove(id, address); };
  judge.hits = [this](int id, uint64_t address) { return probes_->hits(id, address); };
  breakpoints_->setKernelJudge(std::move(judge));
  process_->probeStop = [this](pid_t tid, int signal, const user_regs_struct& current) {
    return probes_->takeStop(tid, signal, current);
  };
  process_->beforeRunAt = [this](uint64_t pc, uint64_t sp, bool rehit) { return probes_->beforeRunAt(pc, sp, rehit); };
  process_->beforeLeavingParent = [this](pid_t child) {
    // The probes watch the parent only (a uprobe's event names its
    // process): the child's breakpoints are judged by the debugger.
    const std::string why =
        "Condition judged by the debugger: the kernel's probes were in the parent process, which followFork \"child\" leaves.";
    for (int id : breakpoints_->takeBackFromKernel(why))
      console("Breakpoint " + std::to_string(id) + ": " + why + "\n");
    probes_->follow(child);
  };
  process_->onStepsObserved = [this] {
    breakpoints_->takeBackFromKernel(
        "Condition judged by the debugger: every instruction is being stepped (recording or software watchpoints).");
  };
}

Frame Debugger::topFrame(pid_t tid) {
  auto frames = unwinder_->frames(tid, 0, 1);
  if (frames.empty()) throw RequestError(ErrorCode::NoSuchFrame, "The thread has no frame to evaluate in.");
  return frames.front();
}

VariableView Debugger::evaluateInTopFrame(pid_t tid, const std::string& expression) {
  return variables_->evaluate(topFrame(tid), expression);
}

bool Debugger::conditionHoldsInTopFrame(pid_t tid, const std::string& condition) {
  // The program ran since any earlier pass: no frame (registers) of that one is kept.
  variables_->invalidate();
  return variables_->conditionHolds(topFrame(tid), condition);
}

std::string Debugger::formatLogMessage(pid_t tid, const std::string& message) {
  drainLogs();               // what the kernel's probes logged before this stop comes first
  variables_->invalidate();  // the program ran since any earlier pass
  std::string out;
  for (const auto& part : LogMessage::parse(message)) {
    if (!part.isExpression) {
      out += part.text;
      continue;
    }
    try {
      out += logText(evaluateInTopFrame(tid, part.text));
    } catch (const std::exception& error) { out += "<" + std::string(error.what()) + ">"; }
  }
  return out;
}

void Debugger::reportStop(const StopReport& stop) {
  drainOutput();  // what the program printed before it stopped comes first
  lastStop_ = stop;
  evaluations_.invalidate();  // the program ran (or travelled) to this stop
  if (controller_ && (controller_->reverse().recording() || engine_.native())) announceRecording();
  json body = {{"reason", wireName(stop.reason)},
               {"tid", stop.tid},
               {"allThreadsStopped", true},
               {"hitBreakpointIds", stop.hitBreakpointIds}};
  if (!stop.description.empty()) body["description"] = stop.description;
  if (!stop.exceptionFilter.empty()) body["exception"] = stop.exceptionFilter;
  if (stop.signal) {
    body["signal"] = signals::name(stop.signal);
    body["signalCode"] = stop.signalCode;
    body["faultAddress"] = args::address(stop.faultAddress);
  }
  writer_.event("stopped", body);
}

void Debugger::reportExit(int exitCode, int signal) {
  drainOutput();
  json body = {{"exitCode", signal ? 128 + signal : exitCode}};
  if (signal) {
    body["signal"] = signals::name(signal);
    body["description"] = "killed by signal " + signals::name(signal) + " (" + strsignal(signal) + ")";
  }
  writer_.event("exited", body);
}

std::optional<uint64_t> Debugger::callIfuncResolver(uint64_t resolver) {
  if (!hasProcess() || !controller_) return std::nullopt;
  for (pid_t tid : process_->threadIds()) {
    Task* task = process_->task(tid);
    if (!task || !task->isStopped()) continue;
    const CallPolicy policy = functionCallPolicy(*this, tid, "");
    if (!policy.run) return std::nullopt;
    MachineCall call;
    call.name = "IFUNC resolver";
    call.entry = resolver;
    try {
      return policy.run(call).rax;
    } catch (const std::exception&) {
      return std::nullopt;  // not relocated yet: the program's own call will tell
    }
  }
  return std::nullopt;
}

void Debugger::announceModules(bool afterExec) {
  drainLogs();  // formatted with the modules they were written under
  std::vector<ModuleInfo> removed;
  auto added = symbols_->refresh(&removed);
  for (const auto& module : removed) {
    writer_.event("module", {{"reason", "removed"}, {"module", {{"name", module.name}, {"path", module.path}}}});
  }
  for (const auto& module : added) {
    writer_.event("module", {{"reason", "new"},
                             {"module",
                              {{"name", module.name},
                               {"path", module.path},
                               {"base", args::address(module.base)},
                               {"hasSymbols", module.hasDebugInfo}}}});
  }
  if (!breakpoints_) return;
  auto changed = afterExec ? breakpoints_->reresolveAll() : breakpoints_->resolvePending();
  for (const auto& breakpoint : changed) {
    writer_.event("breakpoint", {{"reason", "changed"}, {"breakpoint", breakpointJson(breakpoint)}});
  }
}

void Debugger::configurationDone() {
  if (core_) {
    if (configured_) throw RequestError(ErrorCode::WrongState, "configurationDone was already sent.");
    configured_ = true;
    // The dump is the moment the program stopped: report it as a stop.
    const CoreSignal& ending = core_->signal();
    StopReport stop{ending.signal ? StopReason::Signal : StopReason::Pause, core_->threadIds().front()};
    stop.signal = ending.signal;
    stop.signalCode = ending.code;
    stop.faultAddress = ending.faultAddress;
    stop.description =
        ending.signal ? "Core dump: " + signals::describe(ending.signal) : "Core dump (it records no signal)";
    reportStop(stop);
    return;
  }
  requireProcess("finish the configuration");
  if (configured_) throw RequestError(ErrorCode::WrongState, "configurationDone was already sent.");
  configured_ = true;
  beforeResume();
  // GPU breakpoints are known now, before the program creates GPU work.
  gpu_->attach(process_->processId());
  if (recordMode_ != "off" && !engine_.announcement().empty()) console(engine_.announcement());
  if (engine_.native()) {
    // The native recording started with the program, whatever `record` says.
    stepStretch_ = std::make_unique<NativeStepStretch>(controller_->reverse(), recordLimit_,
                                                       [this] { return engine_.loggedEvents(); });
    engine_.memoryRewound = [this] { return controller_ && controller_->reverse().inPast(); };
    announceRecording();
  } else if (recordMode_ == "fromEntry") {
    controller_->reverse().start(recordLimit_);
    announceRecording();
  }
  if (recordMode_ == "fromMain" && !engine_.native()) controller_->runToMainThenRecord(recordLimit_, stopOnEntry_);
  else if (!stopOnEntry_) controller_->continueAll();
  else if (process_->wasAttached()) controller_->reportAttached();
  else controller_->runToEntry();
}

void Debugger::beforeResume() {
  lastStop_.reset();
  evaluations_.invalidate();
  if (variables_) variables_->invalidate();
}

Frame Debugger::frame(pid_t tid, int index) {
  requireInspectable("inspect frames");
  requireThread(tid);
  auto frames = InlineFrames::frames(*unwinder_, symbols_->dwfl(), tid, index, 1, nullptr);
  if (frames.empty())
    throw RequestError(ErrorCode::NoSuchFrame, "Frame " + std::to_string(index) + " is beyond the stack of thread " +
                                                   std::to_string(tid) + ".");
  return frames.front();
}

std::vector<int> Debugger::outputFds() const {
  std::vector<int> fds;
  if (program_.stdoutFd >= 0) fds.push_back(program_.stdoutFd);
  if (program_.stderrFd >= 0) fds.push_back(program_.stderrFd);
  if (gpu_->eventFd() >= 0) fds.push_back(gpu_->eventFd());
  if (probes_ && probes_->logFd() >= 0) fds.push_back(probes_->logFd());
  return fds;
}

void Debugger::forwardOutput(int fd, const char* category) {
  char buffer[65536];
  for (;;) {
    ssize_t n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
      writer_.event("output", {{"category", category}, {"text", std::string(buffer, static_cast<size_t>(n))}});
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    // EOF, or EIO from a terminal whose every writer has gone.
    if (n == 0 || (n < 0 && errno == EIO)) {
      ::close(fd);
      if (fd == program_.stdoutFd) program_.stdoutFd = -1;
      if (fd == program_.stderrFd) program_.stderrFd = -1;
    }
    return;
  }
}

void Debugger::onOutputReadable(int fd) {
  if (fd == gpu_->eventFd()) return gpu_->onReadable();
  if (probes_ && fd == probes_->logFd()) return drainLogs();
  forwardOutput(fd, fd == program_.stdoutFd ? "stdout" : "stderr");
}

void Debugger::drainLogs() {
  if (probes_) probes_->drainLogs();
}

void Debugger::drainOutput() {
  drainLogs();
  if (program_.stdoutFd >= 0) forwardOutput(program_.stdoutFd, "stdout");
  if (program_.stderrFd >= 0) forwardOutput(program_.stderrFd, "stderr");
}

void Debugger::runBackground() {
  std::vector<StopEvent> events;
  process_->runRecordedSteps(events, 4096);
  if (!events.empty()) controller_->handle(events);
  if (auto* history = controller_->reverse().history()) {
    if (uint64_t dropped = history->takeNewlyDropped()) {
      // Said once per recording; after that the count travels quietly in
      // the recording event (the status bar) and recordingInfo.
      if (!limitNoticeGiven_) {
        limitNoticeGiven_ = true;
        writer_.event(
            "output",
            {{"category", "console"},
             {"text",
              "Recording limit reached: the oldest " + std::to_string(dropped) +
                  " recorded instructions were dropped to keep the last " + std::to_string(history->limit()) +
                  " (recordLimit); from now on older ones are dropped quietly and the status bar counts them.\n"}});
      }
      const auto now = std::chrono::steady_clock::now();
      if (now - lastDropAnnounced_ >= std::chrono::seconds(1)) {
        lastDropAnnounced_ = now;
        announceRecording();
      }
    }
  }
  onProcessEvents();
}

void Debugger::refuseInPast(const std::string& what) {
  if (inNativePast())
    throw RequestError(ErrorCode::WrongState,
                       "Cannot " + what +
                           ": the program is shown in its recorded past (a replay of the native recording). Continue "
                           "to come back to the present.");
  controller_->reverse().refuseInPast(what);
}

TravelResult Debugger::nativeReverseContinue() {
  const NativeRecording* recording = engine_.replayableRecording("run backwards");
  // Only source and function breakpoints are counted in replays yet: the
  // others would be passed over without a word.
  // The exact recorder of the user's steps observes steps too; other observers are software watchpoints.
  const size_t stretchObserver = stepStretch_ && stepStretch_->open() ? 1 : 0;
  if (!controller_->instructionBreakpoints().empty() || process_->dataWatchFired ||
      process_->stepObserverCount() > stretchObserver)
    throw RequestError(ErrorCode::WrongState,
                       "Cannot run backwards: on a native recording reverse-continue stops at source and function "
                       "breakpoints only, not yet at instruction or data breakpoints. Remove those, or launch with "
                       "\"recordEngine\": \"step\".");
  const bool wasInPast = inNativePast();
  if (!wasInPast && stepStretch_ && stepStretch_->open() && controller_->reverse().inPast()) {
    // Shown in the past of the user's steps: their exact history is searched first.
    beforeResume();
    if (std::optional<TravelResult> inSteps = stepStretch_->reverseContinue(*controller_)) return *inSteps;
    lastStop_ = stepStretch_->beginStop();  // the live program stands where the steps began: the present
  }
  const std::optional<StopReport> present = lastStop_;
  beforeResume();
  judgeForReplay(*breakpoints_, [this](const std::string& text) { console(text); });
  if (!nativeTravels_) {
    NativeTravels::Session session{
        *process_, *breakpoints_,
        [this](const std::string& condition) { return conditionHoldsInTopFrame(process_->processId(), condition); },
        [this](int id) {
          const UserBreakpoint* breakpoint = breakpoints_->find(id);
          if (!breakpoint) return int64_t{0};
          int64_t hits = breakpoint->hitCondition.hits();
          for (uint64_t site : breakpoint->kernelSites) hits += static_cast<int64_t>(probes_->hits(id, site));
          return hits;
        },
        [this] {
          if (variables_) variables_->invalidate();
        }};
    nativeTravels_ = std::make_unique<NativeTravels>(std::move(session));
  }
  return travelOrShowPresent(*controller_, process_->processId(), wasInPast,
                             [&] { return nativeTravels_->reverseContinue(*recording, present); });
}

TravelResult Debugger::nativeContinueForward() {
  beforeResume();
  judgeForReplay(*breakpoints_, [this](const std::string& text) { console(text); });
  return travelOrShowPresent(*controller_, process_->processId(), true,
                             [this] { return nativeTravels_->continueForward(); });
}

void Debugger::beforeUserStep() {
  if (stepStretch_ && !inNativePast() && !controller_->reverse().inPast()) stepStretch_->beforeStep(lastStop_);
}

void Debugger::beforeLiveRun() {
  if (stepStretch_) stepStretch_->end();
}

void Debugger::refuseReverseStep(const std::string& what) const {
  if (!engine_.native()) return;
  if (inNativePast() || !stepStretch_ || !stepStretch_->open()) engine_.refuseReverse(what, inNativePast());
}

void Debugger::console(const std::string& text) { writer_.event("output", {{"category", "console"}, {"text", text}}); }

void Debugger::announceCallRan(pid_t tid) { writer_.event("invalidated", {{"tid", tid}, {"cause", "call"}}); }

nlohmann::json Debugger::recordingInfo() const {
  nlohmann::json info = recordingInfoJson(controller_ ? controller_->reverse().info() : RecordingInfo{});
  if (recordMode_ != "off" && process_) info["native"] = engine_.info();
  return info;
}

void Debugger::announceRecording() { writer_.event("recording", recordingInfo()); }

void Debugger::onProcessEvents() {
  if (!process_) return;
  std::vector<StopEvent> events;
  do {
    events.clear();
    process_->collectEvents(events);
    if (events.empty()) break;
    controller_->handle(events);
  } while (process_->hasDeferredEvents());
}

void Debugger::end(bool terminate) {
  gpu_->end();             // while the program is still traced (the KFD wants that)
  nativeTravels_.reset();  // kills a replay of the past; the program is shown as itself again
  if (process_ && process_->isAlive()) {
    // Its seccomp filter stays with it: untraced, its system calls would fail (ENOSYS).
    if (terminate || engine_.native()) process_->kill();
    else {
      // Kernel probes first: their stop signal would kill an untraced program.
      if (probes_) probes_->forgetAll();
      breakpoints_->uninstallAll();
      if (controller_->hasDebugRegisters()) {
        process_->stopAll();  // debug registers are written in stopped threads
        try {
          controller_->clearDebugRegisters();
        } catch (const std::exception&) {
          // Detaching matters more; the threads that refused keep their registers.
        }
      }
      process_->detach();
    }
  }
  if (program_.stdoutFd >= 0) ::close(program_.stdoutFd);
  if (program_.stderrFd >= 0) ::close(program_.stderrFd);
  program_.stdoutFd = program_.stderrFd = -1;
}

}  // namespace rwd
