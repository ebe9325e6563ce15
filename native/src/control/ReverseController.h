// ReverseController: the recording and the travels through it. Starting a
// recording puts a Recorder behind the process's step hooks, so that from
// then on the program "runs" as recorded single steps (breakpoints,
// stepping and conditions work unchanged); the travels — reverse-next,
// reverse step into/out, reverse-stepi, reverse-continue, travelTo, and
// going forward again inside the history — are worked out on the history
// without touching the process and then carried out with one travel.
#pragma once

#include <sys/types.h>

#include <functional>
#include <memory>
#include <optional>
#include <string>

#include "control/BreakpointTable.h"
#include "control/RecordingObserver.h"
#include "core/DebugEnums.h"
#include "process/Process.h"
#include "record/Recorder.h"
#include "record/TimeTraveler.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Unwinder.h"

namespace rwd {

enum class TravelKind { Next, StepIn, StepOut, Instruction };

// Where a travel ended, for the stop event.
struct TravelResult {
  StopReason reason = StopReason::Step;  // step, breakpoint, goto, data breakpoint
  std::string description;               // "history 1204/50000", "reached the start of the recording"
  std::vector<int> hitBreakpointIds;
  bool atLiveEnd = false;
  pid_t tid = 0;  // the thread that hit a breakpoint (0: the one asked about)
};

// What the recording holds now (the helper's recordingInfo).
struct RecordingInfo {
  bool recording = false;
  uint64_t size = 0;  // entries kept
  uint64_t position = 0;
  uint64_t limit = 0;
  uint64_t dropped = 0;
  uint64_t memoryBytes = 0;
  double bytesPerInstruction = 0;
  std::optional<std::string> cut;  // why the recording stopped, if it did
};

class ReverseController {
 public:
  ReverseController(Process& process, SymbolIndex& symbols, Unwinder& unwinder, BreakpointTable& breakpoints,
                    std::function<void(const std::string&)> console);
  ~ReverseController();

  bool recording() const { return recorder_ != nullptr; }
  bool inPast() const;
  void start(uint64_t limit);
  void stop();
  RecordingInfo info() const;
  // "history 1204/50000" while in the past, empty at the live end.
  std::string positionText() const;
  // Throws DebugError(WrongState) naming `what` while in the past.
  void refuseInPast(const std::string& what) const;

  // Backward travels of thread `tid`.
  TravelResult stepBack(pid_t tid, TravelKind kind);
  // Forward steps inside the history (only while in the past); when the
  // history ends before a stop, the result says atLiveEnd and the caller
  // goes on live.
  TravelResult stepForward(pid_t tid, TravelKind kind);
  // Reverse-continue and continue in the past, one candidate at a time:
  // travels to the nearest position before (after) this one where a pc
  // reaches an address of `filter` or a watched byte is written, and says
  // what was found; nullopt when the start (end) of the history came first
  // — then the process is there. The caller judges conditions and hit
  // counts and calls it again or stops with stopHere().
  std::optional<TravelStop> travelToNext(bool backward, const TravelFilter& filter);
  TravelResult stopHere(StopReason reason, std::vector<int> ids, std::string description = "");
  // Runs `judge` with the program one history entry later, then travels
  // back: a watch found going backward (just before its write) is judged on
  // the value the write left, as it is going forward.
  void judgeAfterNextEntry(const std::function<void()>& judge);
  // Where a continue that found no stop ends: the start of the recording
  // (backward) or the live end (forward).
  TravelResult endOfTravel(bool backward);
  TravelResult travelTo(uint64_t index);
  // The instruction that last wrote [address, address+length) before now.
  TravelResult goToLastWrite(uint64_t address, uint64_t length);

  History* history() { return recorder_ ? &recorder_->history() : nullptr; }

  // The threads that exist at the position in the past (those that have
  // exited since included, those created later left out); nullopt at the
  // live end, where the process's threads are the truth.
  std::optional<std::vector<pid_t>> threadsInPast() const;
  // The name a thread had when it was last seen (for one that has exited).
  std::string recordedThreadName(pid_t tid) const;
  // The first and last positions of the kept history at which `tid`
  // exists (the last is where it exits, or the live end); nullopt: never.
  std::optional<std::pair<uint64_t, uint64_t>> lifeOf(pid_t tid) const;
  // Throws NoSuchThread with a sentence unless `tid` exists where the
  // program is (in the past: within its life in the history).
  void requireThreadHere(pid_t tid) const;

 private:
  TravelResult finish(uint64_t index, StopReason reason, std::vector<int> ids = {});
  std::optional<AddressRange> lineOf(uint64_t pc) const;
  // A backward step of `tid` that found nothing before: the first position
  // of its life (the start of the recording for a thread older than it).
  TravelResult startOfThread(pid_t tid);
  // A forward step of `tid` that found nothing after: the position where it
  // exits, when it exits before the live end.
  std::optional<TravelResult> endOfThread(pid_t tid);

  Process& process_;
  SymbolIndex& symbols_;
  Unwinder& unwinder_;
  BreakpointTable& breakpoints_;
  std::function<void(const std::string&)> console_;
  std::unique_ptr<Recorder> recorder_;
  std::unique_ptr<TimeTraveler> traveler_;
  std::unique_ptr<RecordingObserver> observer_;
  // The process's write hook from before the recording (put back by stop()).
  std::function<void(uint64_t address, size_t length)> previousWriteHook_;
};

}  // namespace rwd
