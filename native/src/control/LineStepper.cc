// LineStepper: line-granularity stepping over, into and out of functions.
#include "control/LineStepper.h"

#include <algorithm>
#include <array>

#include "symbols/InlineFrames.h"

namespace rwd {

namespace {
// Stepping out of code without line information climbs at most this many
// frames before giving up and running freely.
constexpr int kMaxStepOutHops = 64;
// A straight run reads at most this much code ahead of the pc.
constexpr size_t kStraightCodeWindow = 256;
}  // namespace

LineStepper::LineStepper(Process& process, SymbolIndex& symbols, Unwinder& unwinder)
    : process_(process), symbols_(symbols), unwinder_(unwinder) {}

LineStepper::~LineStepper() { clearTemporary(); }

void LineStepper::clearTemporary() {
  if (temporary_ && process_.isAlive()) process_.memory().removeBreakpoint(temporary_);
  temporary_ = 0;
  straightRun_ = false;
}

void LineStepper::cancel() {
  clearTemporary();
  active_ = false;
}

bool LineStepper::beginLine(Task& task) {
  auto range = symbols_.lineRangeAt(task.pc());
  if (!range) return false;
  range_ = *range;
  frameCfa_ = unwinder_.currentCfa(task.tid());
  return true;
}

void LineStepper::resumeForRun() {
  Task* task = process_.task(tid_);
  if (singleThread_ && task) process_.resumeThread(*task);
  else process_.resumeAll();
}

StepDecision LineStepper::start(pid_t tid, StepMode mode, bool singleThread) {
  cancel();
  Task* task = process_.task(tid);
  if (!task) return StepDecision::Exited;
  active_ = true;
  tid_ = tid;
  mode_ = mode;
  singleThread_ = singleThread;
  stepOutHops_ = 0;
  lastWasCall = false;
  inlineChain_ = InlineFrames::chainAt(symbols_.dwfl(), task->pc());
  leavingInline_ = mode == StepMode::Out && !inlineChain_.empty();
  if (leavingInline_) {
    // Out of an inlined function: step over its code (and its calls) until
    // the pc leaves it; the caller's line is where that happens.
    mode_ = StepMode::Over;
    range_ = AddressRange{};
    frameCfa_ = unwinder_.currentCfa(tid);
    return stepOnce(*task);
  }
  if (mode == StepMode::Out || !beginLine(*task)) {
    frameCfa_ = unwinder_.currentCfa(tid);
    mode_ = StepMode::Out;
    return runToReturnOf(*task, 0);
  }
  return stepOnce(*task);
}

// Where straight code from the pc ends inside the line: the first branch,
// call, return or system call (it is single-stepped), or the line's end.
// Nullopt when a straight run is not worth it or not safe: the pc is such
// an instruction, a breakpoint or probe lies on the way, the thread has a
// signal to deliver, or every instruction is observed (recording).
std::optional<uint64_t> LineStepper::straightCodeEnd(Task& task) const {
  const uint64_t pc = task.pc();
  if (pc < range_.start || pc >= range_.end || task.pendingSignal != 0 || process_.observingSteps())
    return std::nullopt;
  std::array<uint8_t, kStraightCodeWindow> bytes{};
  const size_t got = process_.readMemory(pc, bytes.data(), std::min<uint64_t>(bytes.size(), range_.end - pc));
  uint64_t at = pc;
  while (at < range_.end && at - pc < got) {
    auto instruction = decoder_.decode(bytes.data() + (at - pc), got - (at - pc), at);
    if (!instruction || !instruction->fallsThrough()) break;
    at += instruction->length;
  }
  if (at == pc) return std::nullopt;
  // A site on the way or at the end would be hit as a breakpoint (or a
  // probe) where single steps pass it: step instead.
  if (process_.memory().hasSiteIn(pc, at + 1)) return std::nullopt;
  const auto& hardware = process_.executionBreakpoints;
  if (hardware.lower_bound(pc) != hardware.upper_bound(at)) return std::nullopt;
  return at;
}

StepDecision LineStepper::stepOnce(Task& task) {
  if (!process_.allStopped()) process_.stopAll();
  if (auto end = straightCodeEnd(task)) {
    clearTemporary();
    if (process_.memory().addBreakpoint(*end)) {
      temporary_ = *end;
      temporaryMinimumCfa_ = 0;
      temporaryEndsStep_ = false;
      straightRun_ = true;
      lastWasCall = false;
      process_.resumeThreadAndWait(task);
      return StepDecision::Running;
    }
  }
  std::array<uint8_t, 16> bytes{};
  const uint64_t pc = task.pc();
  size_t got = process_.readMemory(pc, bytes.data(), bytes.size());
  auto instruction = decoder_.decode(bytes.data(), got, pc);
  lastWasCall = instruction && instruction->isCall;
  if (lastWasCall && mode_ == StepMode::Over) {
    // Run the whole call; only a return to this frame (CFA back to ours)
    // counts, so recursive calls of this function do not end the step.
    return runTo(pc + instruction->length, frameCfa_, false);
  }
  // Wait for the trap at once unless the instruction may block (a system
  // call) or could not be decoded.
  process_.singleStep(task, instruction && !instruction->isSystemCall);
  return StepDecision::Running;
}

StepDecision LineStepper::runTo(uint64_t address, uint64_t minimumCfa, bool stopThere) {
  clearTemporary();
  if (!process_.memory().addBreakpoint(address)) return StepDecision::Finished;
  temporary_ = address;
  temporaryMinimumCfa_ = minimumCfa;
  temporaryEndsStep_ = stopThere;
  resumeForRun();
  return StepDecision::Running;
}

StepDecision LineStepper::runToReturnOf(Task& task, int frameIndex) {
  bool reachedEnd = false;
  auto frames = unwinder_.frames(task.tid(), frameIndex, 2, &reachedEnd);
  if (frames.size() < 2 || ++stepOutHops_ > kMaxStepOutHops) {
    // The outermost frame: nothing to return to; run on.
    active_ = false;
    resumeForRun();
    return StepDecision::Running;
  }
  return runTo(frames[1].pc, frames[0].cfa + 1, true);
}

StepDecision LineStepper::onSingleStep(Task& task) {
  const uint64_t pc = task.pc();
  if (mode_ == StepMode::Into && lastWasCall) {
    lastWasCall = false;
    if (auto body = symbols_.addressAfterPrologue(pc)) {
      if (*body == pc) return StepDecision::Finished;
      return runTo(*body, 0, true);
    }
    // No line information in the callee (PLT, libc): come back out of it.
    uint64_t returnAddress = 0;
    process_.readMemory(task.registers().rsp, &returnAddress, sizeof returnAddress);
    return runTo(returnAddress, frameCfa_, false);
  }
  if (pc >= range_.start && pc < range_.end) return stepOnce(task);
  return afterLeavingRange(task);
}

StepDecision LineStepper::afterLeavingRange(Task& task) {
  const uint64_t pc = task.pc();
  const uint64_t cfa = unwinder_.currentCfa(task.tid());
  const bool hasLines = symbols_.locationAt(pc).has_value();
  if (!hasLines) {
    // Returned or jumped into code without lines: run until a frame with
    // lines is current again.
    mode_ = StepMode::Out;
    return runToReturnOf(task, 0);
  }
  if (cfa > frameCfa_) {
    // Returned to the caller, in the middle of its line: finish that line,
    // as gdb does, so the stop is where a line starts.
    if (!leavingInline_ && !symbols_.isStatementStart(pc) && beginLine(task)) return stepOnce(task);
    return StepDecision::Finished;
  }
  if (cfa < frameCfa_) {
    // Entered a deeper frame without a call we saw (a jump): leave it.
    return runToReturnOf(task, 0);
  }
  if (stepsOnInInlinedCode(pc)) {
    if (!beginLine(task)) return StepDecision::Finished;
    return stepOnce(task);
  }
  if (leavingInline_) return StepDecision::Finished;
  if (symbols_.isStatementStart(pc)) return StepDecision::Finished;
  // In the middle of another line: keep going until a line starts.
  if (!beginLine(task)) return StepDecision::Finished;
  return stepOnce(task);
}

bool LineStepper::stepsOnInInlinedCode(uint64_t pc) const {
  if (mode_ != StepMode::Over) return false;
  const std::vector<uint64_t> chain = InlineFrames::chainAt(symbols_.dwfl(), pc);
  if (leavingInline_) return std::find(chain.begin(), chain.end(), inlineChain_.front()) != chain.end();
  return InlineFrames::isInlinedInto(chain, inlineChain_);
}

std::optional<StepDecision> LineStepper::onBreakpoint(Task& task, uint64_t address) {
  if (!active_ || address != temporary_) return std::nullopt;
  if (task.tid() != tid_ || (temporaryMinimumCfa_ != 0 && unwinder_.currentCfa(task.tid()) < temporaryMinimumCfa_)) {
    resumeForRun();  // another thread or a deeper recursion: not ours
    return StepDecision::Running;
  }
  clearTemporary();
  if (!process_.allStopped()) process_.stopAll();
  if (temporaryEndsStep_) {
    if (mode_ == StepMode::Out && !symbols_.locationAt(task.pc())) return runToReturnOf(task, 0);
    return StepDecision::Finished;
  }
  if (task.pc() >= range_.start && task.pc() < range_.end) return stepOnce(task);
  return afterLeavingRange(task);
}

}  // namespace rwd
