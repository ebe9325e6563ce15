// ReverseController: recording on and off, and every travel through the
// recorded history worked out on register images, then done in one go.
#include "control/ReverseController.h"

#include "core/DebugError.h"
#include "symbols/InlineChainCache.h"

namespace rwd {

ReverseController::ReverseController(Process& process, SymbolIndex& symbols, Unwinder& unwinder,
                                     BreakpointTable& breakpoints, std::function<void(const std::string&)> console)
    : process_(process),
      symbols_(symbols),
      unwinder_(unwinder),
      breakpoints_(breakpoints),
      console_(std::move(console)) {}

ReverseController::~ReverseController() {
  if (process_.stepObserver() == observer_.get()) process_.setStepObserver(nullptr);
}

bool ReverseController::inPast() const { return traveler_ && traveler_->inPast(); }

void ReverseController::start(uint64_t limit) {
  if (recorder_) {
    recorder_->history().setLimit(limit);
    return;
  }
  if (!process_.allStopped())
    throw DebugError(DebugError::WrongState, "Pause the program before starting a recording.");
  recorder_ = std::make_unique<Recorder>(process_, limit);
  traveler_ = std::make_unique<TimeTraveler>(process_, *recorder_);
  observer_ = std::make_unique<RecordingObserver>(*recorder_, console_);
  process_.setStepObserver(observer_.get());
  // A hook already there (the native engine's) still hears of the write.
  previousWriteHook_ = process_.beforeUserWrite;
  process_.beforeUserWrite = [this](uint64_t address, size_t length) {
    traveler_->refuseInPast("write the program's memory");
    if (previousWriteHook_) previousWriteHook_(address, length);
    recorder_->recordExternalWrite(address, length);
  };
  // A thread that has exited is shown again within its life: its registers
  // are the history's (memory is the process's, put back by the travel).
  process_.registersOfPastThread = [this](pid_t tid, user_regs_struct& regs) {
    if (!traveler_->inPast() || !traveler_->threadExists(tid)) return false;
    const user_regs_struct* image = traveler_->threadRegisters(tid);
    if (!image) return false;
    regs = *image;
    return true;
  };
}

void ReverseController::stop() {
  if (!recorder_) return;
  // Leave the past first: the program goes on from where it really was.
  if (process_.isAlive() && traveler_->inPast()) traveler_->travelTo(traveler_->size());
  process_.setStepObserver(nullptr);
  process_.beforeUserWrite = std::move(previousWriteHook_);
  previousWriteHook_ = nullptr;
  process_.registersOfPastThread = nullptr;
  observer_.reset();
  traveler_.reset();
  recorder_.reset();
}

RecordingInfo ReverseController::info() const {
  RecordingInfo out;
  if (!recorder_) return out;
  const History& history = recorder_->history();
  out.recording = true;
  out.size = history.size();
  out.position = traveler_->position();
  out.limit = history.limit();
  out.dropped = history.dropped();
  out.memoryBytes = history.memoryBytes();
  out.bytesPerInstruction = out.size ? static_cast<double>(history.memoryBytes()) / static_cast<double>(out.size) : 0.0;
  if (recorder_->lastCut()) out.cut = recorder_->lastCut()->reason;
  return out;
}

std::string ReverseController::positionText() const {
  if (!inPast()) return "";
  return "history " + std::to_string(traveler_->position()) + "/" + std::to_string(traveler_->size());
}

void ReverseController::refuseInPast(const std::string& what) const {
  if (traveler_) traveler_->refuseInPast(what);
}

std::optional<AddressRange> ReverseController::lineOf(uint64_t pc) const { return symbols_.lineRangeAt(pc); }

std::optional<std::vector<pid_t>> ReverseController::threadsInPast() const {
  if (!inPast()) return std::nullopt;
  return traveler_->threadsHere();
}

std::string ReverseController::recordedThreadName(pid_t tid) const {
  const ThreadLife* life = recorder_ ? recorder_->lives().life(tid) : nullptr;
  return life ? life->name : "";
}

std::optional<std::pair<uint64_t, uint64_t>> ReverseController::lifeOf(pid_t tid) const {
  return traveler_ ? traveler_->lifeOf(tid) : std::nullopt;
}

void ReverseController::requireThreadHere(pid_t tid) const {
  const std::string thread = "Thread " + std::to_string(tid);
  if (!inPast()) {
    if (!process_.task(tid)) throw DebugError(DebugError::NoSuchThread, thread + " is not a thread of the program.");
    return;
  }
  if (traveler_->threadExists(tid)) return;
  const auto life = traveler_->lifeOf(tid);
  if (!life) throw DebugError(DebugError::NoSuchThread, thread + " does not exist anywhere in the recorded history.");
  const uint64_t here = traveler_->position();
  if (here < life->first) {
    throw DebugError(DebugError::NoSuchThread, thread + " does not exist yet at this point of the history (" +
                                                   positionText() + "): it is created at history " +
                                                   std::to_string(life->first) + ".");
  }
  throw DebugError(DebugError::NoSuchThread, thread + " has exited at this point of the history (" + positionText() +
                                                 "): its last position is history " + std::to_string(life->second) +
                                                 ".");
}

TravelResult ReverseController::startOfThread(pid_t tid) {
  const auto life = traveler_->lifeOf(tid);
  if (!life || life->first == 0) return finish(0, StopReason::Step);
  TravelResult result = finish(life->first, StopReason::Step);
  result.description = "Reached the start of thread " + std::to_string(tid) + " (" + result.description + ")";
  return result;
}

std::optional<TravelResult> ReverseController::endOfThread(pid_t tid) {
  const auto life = traveler_->lifeOf(tid);
  if (!life || life->second >= traveler_->size()) return std::nullopt;  // it lives on at the live end
  TravelResult result = finish(life->second, StopReason::Step);
  result.description = "Thread " + std::to_string(tid) +
                       " exits here: stepping in it cannot go further; continue runs on to the end of the recording (" +
                       result.description + ")";
  return result;
}

namespace {
bool inRange(const std::optional<AddressRange>& range, uint64_t pc) {
  return range && pc >= range->start && pc < range->end;
}

// Where the body of the function that starts at `entry` begins, after its
// opening (prologue), as live stepping finds it; nullopt when no function
// with lines starts there.
std::optional<uint64_t> bodyOfFunctionAt(const SymbolIndex& symbols, uint64_t entry) {
  auto function = symbols.functionAt(entry);
  if (!function || function->second != entry) return std::nullopt;
  return symbols.addressAfterPrologue(entry);
}

// Whether `pc` is in the opening of its function, before the body.
bool inPrologue(const SymbolIndex& symbols, uint64_t pc) {
  auto function = symbols.functionAt(pc);
  if (!function) return false;
  auto body = bodyOfFunctionAt(symbols, function->second);
  return body && pc >= function->second && pc < *body;
}
}  // namespace

TravelResult ReverseController::finish(uint64_t index, StopReason reason, std::vector<int> ids) {
  traveler_->travelTo(index);
  TravelResult result;
  result.reason = reason;
  result.hitBreakpointIds = std::move(ids);
  result.atLiveEnd = !traveler_->inPast();
  result.description = positionText();
  if (index == 0 && traveler_->size() > 0)
    result.description = "Reached the start of the recording (" + result.description + ")";
  if (result.atLiveEnd) result.description = "Reached the end of the recording: the program runs live from here";
  return result;
}

TravelResult ReverseController::stepBack(pid_t tid, TravelKind kind) {
  if (!recorder_)
    throw DebugError(
        DebugError::WrongState,
        "Nothing was recorded: start a recording (record: \"fromMain\" in the launch configuration, or the Record button) to step back.");
  if (kind == TravelKind::Instruction) {
    if (!traveler_->stepBack(tid)) return startOfThread(tid);
    return finish(traveler_->position(), StopReason::Step);
  }
  const user_regs_struct* now = traveler_->threadRegisters(tid);
  user_regs_struct current{};
  if (now) current = *now;
  else if (!process_.readRegisters(tid, current))
    throw DebugError(DebugError::NoSuchThread, "Thread " + std::to_string(tid) + " is not known to the recording.");
  const uint64_t frameCfa = unwinder_.cfaFor(current);
  const auto startLine = lineOf(current.rip);
  // Code the compiler inlined counts as a call, as in live steps (LineStepper).
  InlineChainCache inlined(symbols_.dwfl());
  const std::vector<uint64_t> startChain = inlined.chainAt(current.rip);
  // Whether `pc` in frame `cfa` is inside a call made from the place with
  // frame `outerCfa` and inlined calls `outerChain`: a deeper machine frame,
  // or code inlined deeper into the same one.
  auto insideCallOf = [&](uint64_t cfa, uint64_t pc, uint64_t outerCfa, const std::vector<uint64_t>& outerChain) {
    return cfa < outerCfa || (cfa == outerCfa && inlined.inlinedDeeper(pc, outerChain));
  };

  if (kind == TravelKind::StepOut && !startChain.empty()) {
    // Out of an inlined function: back to the caller's code just before the
    // inlined call began, past the calls the inlined code made.
    const uint64_t inlinedCall = startChain.front();
    auto found = traveler_->scanBackward([&](const ScanStep& step) {
      if (step.entry.tid != tid || !step.entry.isStep()) return false;
      const uint64_t cfa = unwinder_.cfaFor(step.before);
      if (cfa != frameCfa) return cfa > frameCfa;
      return !inlined.insideInlinedCall(step.before.rip, inlinedCall);
    });
    return found ? finish(*found, StopReason::Step) : startOfThread(tid);
  }
  if (kind == TravelKind::StepOut) {
    // The caller's state just before the call: the stack pointer back at
    // (or above) this frame's CFA.
    auto found = traveler_->scanBackward([&](const ScanStep& step) {
      return step.entry.tid == tid && step.entry.isStep() && step.before.rsp >= frameCfa;
    });
    return found ? finish(*found, StopReason::Step) : startOfThread(tid);
  }

  const bool intoCalls = kind == TravelKind::StepIn;
  bool inPreviousLine = false;
  std::optional<AddressRange> previousLine;
  uint64_t lineCfa = frameCfa;                   // the frame whose line is being gone back through
  std::vector<uint64_t> lineChain = startChain;  // and the inlined calls around that line
  uint64_t lineStart = traveler_->position();
  auto found = traveler_->scanBackward([&](const ScanStep& step) {
    if (step.entry.tid != tid || !step.entry.isStep()) return false;
    const user_regs_struct& regs = step.before;
    if (!intoCalls && regs.rsp < current.rsp) return false;  // inside a call the line made
    if (!inPreviousLine) {
      if (inRange(startLine, regs.rip)) return false;  // still the line we started on
      auto line = lineOf(regs.rip);
      if (!line) return false;  // code without lines (libc): keep going back
      const uint64_t cfa = unwinder_.cfaFor(regs);
      if (cfa == frameCfa && inPrologue(symbols_, regs.rip)) return false;  // the function's opening: on to its caller
      if (!intoCalls && insideCallOf(cfa, regs.rip, frameCfa, startChain)) return false;
      // The line before: in this frame, in a callee (step-in), or — back
      // before this function was called — the caller's line that made the
      // call; the step ends where it began (as gdb's reverse steps do).
      inPreviousLine = true;
      previousLine = line;
      lineCfa = cfa;
      lineChain = inlined.chainAt(regs.rip);
      lineStart = step.index;
      return false;
    }
    const uint64_t cfa = unwinder_.cfaFor(regs);
    if (cfa == lineCfa && inRange(previousLine, regs.rip)) {
      lineStart = step.index;
      return false;
    }
    if (insideCallOf(cfa, regs.rip, lineCfa, lineChain)) {
      // Inside a call the line made. Reverse step-in enters a callee with
      // lines at the last line it ran; anything else is gone through.
      auto calleeLine = intoCalls ? lineOf(regs.rip) : std::nullopt;
      if (calleeLine) {
        previousLine = calleeLine;
        lineCfa = cfa;
        lineChain = inlined.chainAt(regs.rip);
        lineStart = step.index;
      }
      return false;
    }
    return true;  // the line began at lineStart
  });
  if (!found && !inPreviousLine) return startOfThread(tid);
  return finish(lineStart, StopReason::Step);
}

TravelResult ReverseController::stepForward(pid_t tid, TravelKind kind) {
  if (kind == TravelKind::Instruction) {
    // The thread's exit (its tid word cleared) may go along with its last step.
    if (!traveler_->stepForward(tid) || !traveler_->threadExists(tid)) {
      if (auto end = endOfThread(tid)) return *end;
    }
    return finish(traveler_->position(), StopReason::Step);
  }
  const user_regs_struct* now = traveler_->threadRegisters(tid);
  if (!now)
    throw DebugError(DebugError::NoSuchThread, "Thread " + std::to_string(tid) + " is not known to the recording.");
  const user_regs_struct current = *now;
  const uint64_t frameCfa = unwinder_.cfaFor(current);
  const auto startLine = lineOf(current.rip);
  // Code the compiler inlined counts as a call, as in live steps (LineStepper):
  // `next` goes through it, step-out of it ends where the pc leaves it.
  InlineChainCache inlined(symbols_.dwfl());
  const std::vector<uint64_t> startChain = inlined.chainAt(current.rip);
  // A step into a call ends after the callee's opening (its prologue), as
  // live stepping does: where its body starts, and the stack there.
  std::optional<uint64_t> body;
  uint64_t bodyStack = 0;
  auto found = traveler_->scanForward([&](const ScanStep& step) {
    if (step.entry.tid != tid || !step.entry.isStep()) return false;
    // The state after this entry is where a step could end.
    const uint64_t pc = step.pcAfter;
    const uint64_t sp = step.stackAfter;
    if (kind == TravelKind::StepOut && !startChain.empty()) {
      if (sp > frameCfa) return true;      // the function holding the inlined code returned
      if (sp < current.rsp) return false;  // in a call the inlined code made
      return !inlined.insideInlinedCall(pc, startChain.front());
    }
    if (kind == TravelKind::StepOut) return sp > frameCfa - 8 && pc != current.rip && !inRange(startLine, pc);
    if (body) {
      if (pc == *body) return true;
      if (sp <= bodyStack) return false;  // still opening the callee (or in a call it makes)
      body.reset();                       // it was left before its body began: judged as any other place
    }
    if (kind == TravelKind::Next && sp < current.rsp) return false;  // inside a call
    if (inRange(startLine, pc) && sp >= current.rsp) return false;
    if (sp > frameCfa) return true;                                                       // returned to the caller
    if (kind == TravelKind::Next && inlined.inlinedDeeper(pc, startChain)) return false;  // inside an inlined call
    if (!symbols_.isStatementStart(pc)) return false;
    if (sp < current.rsp) {
      if (auto afterOpening = bodyOfFunctionAt(symbols_, pc); afterOpening && *afterOpening != pc) {
        body = afterOpening;
        bodyStack = sp;
        return false;
      }
    }
    return true;
  });
  if (!found) {
    // A thread that exits in the history stops at its exit, never at the
    // live end where it no longer is.
    if (auto end = endOfThread(tid)) return *end;
    return finish(traveler_->size(), StopReason::Step);
  }
  return finish(*found + 1, StopReason::Step);
}

std::optional<TravelStop> ReverseController::travelToNext(bool backward, const TravelFilter& filter) {
  if (!recorder_) throw DebugError(DebugError::WrongState, "Nothing was recorded: start a recording to run backwards.");
  auto hit = backward ? traveler_->findBackward(filter) : traveler_->findForward(filter);
  traveler_->travelTo(hit ? hit->index : backward ? 0 : traveler_->size());
  return hit;
}

TravelResult ReverseController::stopHere(StopReason reason, std::vector<int> ids, std::string description) {
  TravelResult result = finish(traveler_->position(), reason, std::move(ids));
  if (!description.empty()) result.description = description + " (" + result.description + ")";
  return result;
}

void ReverseController::judgeAfterNextEntry(const std::function<void()>& judge) {
  const uint64_t here = traveler_->position();
  if (here >= traveler_->size()) return judge();
  traveler_->travelTo(here + 1);
  try {
    judge();
  } catch (...) {
    traveler_->travelTo(here);
    throw;
  }
  traveler_->travelTo(here);
}

TravelResult ReverseController::endOfTravel(bool backward) {
  return finish(backward ? 0 : traveler_->size(), StopReason::Step);
}

TravelResult ReverseController::travelTo(uint64_t index) {
  if (!recorder_) throw DebugError(DebugError::WrongState, "Nothing was recorded: there is no history to travel in.");
  if (index > traveler_->size()) {
    throw DebugError(DebugError::BadArgument, "index " + std::to_string(index) + " is beyond the history (" +
                                                  std::to_string(traveler_->size()) + " instructions).");
  }
  return finish(index, StopReason::Goto);
}

TravelResult ReverseController::goToLastWrite(uint64_t address, uint64_t length) {
  if (!recorder_)
    throw DebugError(DebugError::WrongState,
                     "Nothing was recorded: start a recording to find where a value was written.");
  auto index = recorder_->history().lastWriteBefore(address, length, traveler_->position());
  if (!index)
    throw DebugError(
        DebugError::BadArgument,
        "No recorded instruction wrote those bytes (they were written before the recording began, or not at all).");
  return finish(*index, StopReason::Goto);
}

}  // namespace rwd
