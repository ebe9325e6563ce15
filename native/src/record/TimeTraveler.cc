// TimeTraveler: applying entries in batches, and searching the log.
#include "record/TimeTraveler.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <unordered_set>

#include "process/Process.h"
#include "core/DebugError.h"
#include "record/HistoryCursor.h"
#include "record/MemoryOverlay.h"
#include "record/Recorder.h"

namespace rwd {

namespace {

// The watched ranges' bytes at the position a search is at, to tell a
// write that changed them from one that wrote what was already there.
struct WatchedBytes {
  MemoryRange range;
  std::vector<uint8_t> bytes;
};

std::vector<WatchedBytes> readWatched(const RemoteMemory& memory, const std::vector<MemoryRange>& ranges) {
  std::vector<WatchedBytes> watched;
  for (const MemoryRange& range : ranges) {
    WatchedBytes item{range, std::vector<uint8_t>(range.length)};
    std::vector<MemoryRange> readable;
    memory.readReadable(range.address, range.length, item.bytes.data(), readable);
    watched.push_back(std::move(item));
  }
  return watched;
}

// Compares the entry's saved bytes (the other side of the entry) with the
// watched image; updates the image to them. Returns the first changed
// watched address, or 0.
uint64_t crossWatched(std::vector<WatchedBytes>& watched, const EntryView& entry) {
  uint64_t changed = 0;
  for (const SpanView& span : entry.spans) {
    for (WatchedBytes& item : watched) {
      const uint64_t start = std::max(span.address, item.range.address);
      const uint64_t end = std::min<uint64_t>(span.address + span.length, item.range.end());
      if (start >= end) continue;
      uint8_t* mine = item.bytes.data() + (start - item.range.address);
      const uint8_t* theirs = span.bytes + (start - span.address);
      if (!changed && std::memcmp(mine, theirs, end - start) != 0) {
        for (uint64_t i = 0; i < end - start; ++i) {
          if (mine[i] != theirs[i]) {
            changed = start + i;
            break;
          }
        }
      }
      std::memcpy(mine, theirs, end - start);
    }
  }
  return changed;
}

}  // namespace

TimeTraveler::TimeTraveler(Process& process, Recorder& recorder)
    : process_(process), recorder_(recorder), history_(recorder.history()), restorer_(process) {}

uint64_t TimeTraveler::position() const { return history_.position(); }
uint64_t TimeTraveler::size() const { return history_.size(); }
bool TimeTraveler::inPast() const { return history_.position() < history_.size(); }

void TimeTraveler::refuseInPast(const std::string& what) const {
  if (!inPast()) return;
  throw DebugError(DebugError::WrongState,
                   "Cannot " + what + " while looking at the recorded past (history " + std::to_string(position()) +
                       "/" + std::to_string(size()) +
                       "): the past can be inspected, not changed. Go forward to the end of the "
                       "history first.");
}

void TimeTraveler::enterHistory() {
  if (imagesValid_) return;
  recorder_.syncRegisters();
  if (recorder_.anyInFlight()) {
    throw DebugError(DebugError::WrongState,
                     "A thread is still inside a system call; pause the program before travelling.");
  }
  images_.clear();
  for (pid_t tid : recorder_.knownThreads()) images_[tid] = *recorder_.lastRegisters(tid);
  imagesValid_ = true;
}

user_regs_struct& TimeTraveler::image(std::unordered_map<pid_t, user_regs_struct>& images, pid_t tid) {
  auto found = images.find(tid);
  if (found != images.end()) return found->second;
  user_regs_struct& created = images[tid];
  std::memset(&created, 0, sizeof created);
  Task* task = process_.task(tid);
  if (task && task->isStopped()) created = task->registers();
  return created;
}

void TimeTraveler::writeRegisters() {
  for (const auto& [tid, regs] : images_) {
    Task* task = process_.task(tid);
    if (!task || !task->isStopped()) continue;
    if (std::memcmp(&task->registers(), &regs, sizeof regs) != 0) task->setRegisters(regs);
  }
}

void TimeTraveler::travelTo(uint64_t index) {
  if (index > history_.size()) {
    throw DebugError(DebugError::BadArgument, "History position " + std::to_string(index) +
                                                  " is past the end of the history (" +
                                                  std::to_string(history_.size()) + ").");
  }
  if (index == history_.position()) return;
  const auto started = std::chrono::steady_clock::now();
  const bool toEnd = index == history_.size();
  enterHistory();
  if (toEnd) index = history_.size();  // adjustments may have been appended
  TravelStats stats;
  MemoryOverlay overlay(recorder_.memory());
  HistoryCursor cursor(history_, history_.position());
  EntryView entry;
  std::string failure;
  pid_t lastTid = -1;
  user_regs_struct* regs = nullptr;
  auto registersOf = [&](pid_t tid) -> user_regs_struct& {
    if (tid != lastTid) {
      regs = &image(images_, tid);
      lastTid = tid;
    }
    return *regs;
  };
  if (index < history_.position()) {
    while (cursor.position() > index) {
      cursor.previous(entry);
      if (entry.hasMapChange) {
        overlay.flush();
        if (const MapChangeRecord* record = history_.mapChange(entry.serial)) {
          failure = restorer_.restore(*record, true);
          ++stats.mapChanges;
        }
        if (!failure.empty()) {
          cursor.next(entry);  // that entry stays applied
          break;
        }
      }
      for (size_t i = entry.spans.size(); i-- > 0;) {
        overlay.swap(entry.spans[i].address, entry.spans[i].bytes, entry.spans[i].length);
      }
      entry.registers.applyTo(registersOf(entry.tid));
      ++stats.entries;
    }
  } else {
    while (cursor.position() < index) {
      cursor.next(entry);
      for (const SpanView& span : entry.spans) overlay.swap(span.address, span.bytes, span.length);
      entry.registers.applyTo(registersOf(entry.tid));
      ++stats.entries;
      if (entry.hasMapChange) {
        overlay.flush();
        if (const MapChangeRecord* record = history_.mapChange(entry.serial)) {
          failure = restorer_.restore(*record, false);
          ++stats.mapChanges;
        }
        if (!failure.empty()) break;
      }
    }
  }
  stats.pages = overlay.pagesRead();
  overlay.flush();
  writeRegisters();
  history_.setPosition(cursor.position());
  if (cursor.position() == history_.size()) imagesValid_ = false;  // live again: the recorder knows these registers
  stats.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  lastTravel_ = stats;
  if (!failure.empty()) {
    throw DebugError(DebugError::WrongState,
                     "Stopped at history position " + std::to_string(cursor.position()) + ": " + failure + ".");
  }
}

std::optional<uint64_t> TimeTraveler::scanBackward(const std::function<bool(const ScanStep&)>& visit) {
  enterHistory();
  std::unordered_map<pid_t, user_regs_struct> images = images_;
  HistoryCursor cursor(history_, history_.position());
  EntryView entry;
  while (cursor.previous(entry)) {
    user_regs_struct& regs = image(images, entry.tid);
    const uint64_t pcAfter = regs.rip, stackAfter = regs.rsp;
    entry.registers.applyTo(regs);
    if (visit(ScanStep{cursor.position(), entry, regs, pcAfter, stackAfter})) return cursor.position();
  }
  return std::nullopt;
}

std::optional<uint64_t> TimeTraveler::scanForward(const std::function<bool(const ScanStep&)>& visit) {
  enterHistory();
  std::unordered_map<pid_t, user_regs_struct> images = images_;
  HistoryCursor cursor(history_, history_.position());
  EntryView entry;
  while (true) {
    const uint64_t index = cursor.position();
    if (!cursor.next(entry)) break;
    user_regs_struct& regs = image(images, entry.tid);
    const user_regs_struct before = regs;
    entry.registers.applyTo(regs);
    if (visit(ScanStep{index, entry, before, regs.rip, regs.rsp})) return index;
  }
  return std::nullopt;
}

bool TimeTraveler::stepBack(pid_t tid) {
  auto found =
      scanBackward([tid](const ScanStep& step) { return step.entry.isStep() && (!tid || step.entry.tid == tid); });
  if (!found) return false;
  travelTo(*found);
  return true;
}

bool TimeTraveler::stepForward(pid_t tid) {
  std::optional<uint64_t> stepIndex;
  auto next = scanForward([&](const ScanStep& step) {
    if (!stepIndex) {
      if (step.entry.isStep() && (!tid || step.entry.tid == tid)) stepIndex = step.index;
      return false;
    }
    return step.entry.isStep();  // stop before the next step: adjustments before it go along
  });
  if (!stepIndex) return false;
  travelTo(next ? *next : history_.size());
  return true;
}

std::optional<TravelStop> TimeTraveler::findBackward(const TravelFilter& filter) {
  enterHistory();
  std::vector<WatchedBytes> watched = readWatched(recorder_.memory(), filter.watched);
  std::optional<TravelStop> stop;
  scanBackward([&](const ScanStep& step) {
    if (!watched.empty() && !step.entry.spans.empty()) {
      if (uint64_t address = crossWatched(watched, step.entry)) {
        stop = TravelStop{step.index, TravelStop::Reason::Watchpoint, step.entry.tid, address};
        return true;
      }
    }
    if (!step.entry.isStep() || (filter.tid && filter.tid != step.entry.tid)) return false;
    if (filter.breakpoints.count(step.before.rip)) {
      stop = TravelStop{step.index, TravelStop::Reason::Breakpoint, step.entry.tid, step.before.rip};
      return true;
    }
    return false;
  });
  return stop;
}

std::optional<TravelStop> TimeTraveler::findForward(const TravelFilter& filter) {
  enterHistory();
  std::vector<WatchedBytes> watched = readWatched(recorder_.memory(), filter.watched);
  std::optional<TravelStop> stop;
  scanForward([&](const ScanStep& step) {
    if (!watched.empty() && !step.entry.spans.empty()) {
      if (uint64_t address = crossWatched(watched, step.entry)) {
        stop = TravelStop{step.index + 1, TravelStop::Reason::Watchpoint, step.entry.tid, address};
        return true;
      }
    }
    if (!step.entry.isStep() || (filter.tid && filter.tid != step.entry.tid)) return false;
    if (filter.breakpoints.count(step.pcAfter)) {
      stop = TravelStop{step.index + 1, TravelStop::Reason::Breakpoint, step.entry.tid, step.pcAfter};
      return true;
    }
    return false;
  });
  return stop;
}

bool TimeTraveler::threadExists(pid_t tid) const {
  return recorder_.lives().existsAt(tid, history_.firstSerial() + history_.position());
}

std::vector<pid_t> TimeTraveler::threadsHere() const {
  return recorder_.lives().existingAt(history_.firstSerial() + history_.position());
}

std::optional<std::pair<uint64_t, uint64_t>> TimeTraveler::lifeOf(pid_t tid) const {
  const ThreadLife* life = recorder_.lives().life(tid);
  if (!life) return std::nullopt;
  const uint64_t first = history_.firstSerial(), end = history_.endSerial();
  const uint64_t born = std::max(life->born, first);
  // A living thread exists up to the live end; one that has exited, up to
  // the last position before the live end at most.
  const uint64_t last = life->gone ? std::min(*life->gone - 1, end - 1) : end;
  if (life->gone && (*life->gone == 0 || end == 0)) return std::nullopt;
  if (last < born) return std::nullopt;
  return std::make_pair(born - first, last - first);
}

const user_regs_struct* TimeTraveler::threadRegisters(pid_t tid) {
  if (!imagesValid_) return recorder_.lastRegisters(tid);
  auto found = images_.find(tid);
  return found == images_.end() ? nullptr : &found->second;
}

}  // namespace rwd
