// TimeTraveler: moves the real process through the recorded history.
// Going back over an entry swaps its saved bytes with the process's (the
// process gets the bytes from before, the log keeps those from after, for
// the way forward) and XORs its register delta into that thread's register
// image; going forward does the same in the other order. Many entries at a
// time go through a MemoryOverlay — memory is read once per page and the
// touched bytes written back in one batch — and registers are set once per
// thread at the end, so a million entries cost a fraction of a second.
// System calls that changed the memory map are replayed through
// MappingRestorer. Searches (breakpoints, data breakpoints, lines) walk the
// log with register images only and touch the process once, to travel to
// what they found. While the position is before the live end the program
// must not run or be written: inPast() and refuseInPast() say so.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "record/HistoryEntry.h"
#include "record/MappingRestorer.h"
#include "record/TravelFilter.h"

namespace rwd {

class Process;
class Recorder;
class History;

// One entry as a search sees it.
struct ScanStep {
  uint64_t index;  // the entry's position; the state before it is position `index`
  const EntryView& entry;
  const user_regs_struct& before;  // the entry's thread's registers before the entry
  uint64_t pcAfter;                // its rip and rsp after the entry
  uint64_t stackAfter;
};

struct TravelStats {
  uint64_t entries = 0;  // entries applied by the last travel
  uint64_t pages = 0;    // pages read by it
  uint64_t mapChanges = 0;
  double seconds = 0;
};

class TimeTraveler {
 public:
  TimeTraveler(Process& process, Recorder& recorder);

  uint64_t position() const;
  uint64_t size() const;
  bool inPast() const;
  bool atLiveEnd() const { return !inPast(); }
  // Throws DebugError WrongState ("Cannot <what> in the recorded past...") when inPast().
  void refuseInPast(const std::string& what) const;

  // Puts the process in the state of history position `index` (0..size).
  // Throws DebugError when the index is out of range, when a thread is
  // still in flight, or when a memory map change cannot be replayed (then
  // the process is left at the last position that could be reached).
  void travelTo(uint64_t index);
  // One step (an instruction or a signal delivery) back or forward — of
  // thread `tid` when given (other threads' entries in between are crossed
  // too). False at the start (end) of the history.
  bool stepBack(pid_t tid = 0);
  bool stepForward(pid_t tid = 0);

  // The nearest position before (after) the current one where a thread's pc
  // reaches a breakpoint, or an entry changes a watched byte; nullopt when
  // the start (end) of the history comes first. Backward, a watch stop is
  // the position before the writing entry; forward, the one after it.
  std::optional<TravelStop> findBackward(const TravelFilter& filter);
  std::optional<TravelStop> findForward(const TravelFilter& filter);

  // Walks entries from the current position without touching the process;
  // returns the index of the first entry for which `visit` returns true.
  std::optional<uint64_t> scanBackward(const std::function<bool(const ScanStep&)>& visit);
  std::optional<uint64_t> scanForward(const std::function<bool(const ScanStep&)>& visit);

  // Registers of `tid` at the current position (also for threads that have
  // exited since); null when the history does not know the thread.
  const user_regs_struct* threadRegisters(pid_t tid);

  // Whether thread `tid` exists at the current position — one that has
  // exited since does while the position is within its life, one created
  // later does not — and all that do, in thread id order.
  bool threadExists(pid_t tid) const;
  std::vector<pid_t> threadsHere() const;
  // The first and last positions of the kept history at which `tid`
  // exists (nullopt: none); `last` is the position where it exits.
  std::optional<std::pair<uint64_t, uint64_t>> lifeOf(pid_t tid) const;

  const TravelStats& lastTravel() const { return lastTravel_; }

 private:
  void enterHistory();
  user_regs_struct& image(std::unordered_map<pid_t, user_regs_struct>& images, pid_t tid);
  void writeRegisters();

  Process& process_;
  Recorder& recorder_;
  History& history_;
  MappingRestorer restorer_;
  std::unordered_map<pid_t, user_regs_struct> images_;
  bool imagesValid_ = false;
  TravelStats lastTravel_;
};

}  // namespace rwd
