// SoftwareWatchpoints: compare after every step, decode and plan writes before it.
#include "control/SoftwareWatchpoints.h"

#include <algorithm>

#include "process/Task.h"

namespace rwd {

SoftwareWatchpoints::~SoftwareWatchpoints() {
  if (observing_) process_.removeStepObserver(this);
}

std::vector<uint8_t> SoftwareWatchpoints::read(const SoftwareWatch& watch) {
  std::vector<uint8_t> bytes(watch.length);
  bytes.resize(process_.readMemory(watch.address, bytes.data(), bytes.size()));
  return bytes;
}

void SoftwareWatchpoints::setWatches(const std::vector<SoftwareWatch>& watches) {
  watched_.clear();
  watchingAccesses_ = false;
  for (const SoftwareWatch& watch : watches) {
    watched_.push_back(Watched{watch, read(watch)});
    watchingAccesses_ = watchingAccesses_ || watch.accesses;
  }
  accessesInFlight_.clear();
  news_.clear();
  if (!watched_.empty() && !observing_) process_.addStepObserver(this);
  if (watched_.empty() && observing_) process_.removeStepObserver(this);
  observing_ = !watched_.empty();
}

bool SoftwareWatchpoints::beforeStep(Task& task) {
  const user_regs_struct& regs = task.registers();
  uint8_t code[15];
  const size_t available = process_.readMemory(regs.rip, code, sizeof code);
  const InstructionAccesses& instruction = decoder_.lookup(regs.rip, code, available);
  // Writes, exactly as the recorder plans them; ranges that may be only
  // partly written (masked stores) are left to the comparison after the step.
  writeAnalyzer_.analyze(code, available, regs, scratchWrites_);
  if (scratchWrites_.known) {
    for (const MemoryRange& write : scratchWrites_.ranges) {
      if (write.maybePartial) continue;
      for (const Watched& watched : watched_) {
        const uint64_t start = std::max(write.address, watched.watch.address);
        const uint64_t end = std::min(write.end(), watched.watch.address + watched.watch.length);
        if (start < end) accessesInFlight_[task.tid()].push_back(SoftwareWatchHit{start, end - start, false, true});
      }
    }
  }
  if (watchingAccesses_) {
    scratchAccesses_.clear();
    SoftwareAccessDecoder::evaluate(instruction, regs, scratchAccesses_);
    for (const MemoryRange& access : scratchAccesses_) {
      for (const Watched& watched : watched_) {
        if (!watched.watch.accesses) continue;
        const uint64_t start = std::max(access.address, watched.watch.address);
        const uint64_t end = std::min(access.end(), watched.watch.address + watched.watch.length);
        if (start < end) accessesInFlight_[task.tid()].push_back(SoftwareWatchHit{start, end - start, false});
      }
    }
  }
  return instruction.mayBlock;
}

void SoftwareWatchpoints::afterStep(Task& task) {
  ++steps_;
  const pid_t tid = task.tid();
  auto inFlight = accessesInFlight_.find(tid);
  if (inFlight != accessesInFlight_.end()) {
    auto& news = news_[tid];
    news.insert(news.end(), inFlight->second.begin(), inFlight->second.end());
    accessesInFlight_.erase(inFlight);
  }
  for (Watched& watched : watched_) {
    scratchBytes_.resize(watched.watch.length);
    scratchBytes_.resize(process_.readMemory(watched.watch.address, scratchBytes_.data(), scratchBytes_.size()));
    if (scratchBytes_ == watched.contents) continue;
    // The changed bytes, first to last (a shorter read changes the rest).
    const size_t common = std::min(scratchBytes_.size(), watched.contents.size());
    size_t first = 0;
    while (first < common && scratchBytes_[first] == watched.contents[first]) ++first;
    size_t last = std::max(scratchBytes_.size(), watched.contents.size());
    while (last > first + 1 && last <= common && scratchBytes_[last - 1] == watched.contents[last - 1]) --last;
    news_[tid].push_back(SoftwareWatchHit{watched.watch.address + first, last - first, true});
    watched.contents = scratchBytes_;
  }
}

void SoftwareWatchpoints::threadExited(pid_t tid) {
  accessesInFlight_.erase(tid);
  news_.erase(tid);
}

bool SoftwareWatchpoints::stopAfterStep(Task& task) {
  auto found = news_.find(task.tid());
  return found != news_.end() && !found->second.empty();
}

std::vector<SoftwareWatchHit> SoftwareWatchpoints::takeHits(pid_t tid) {
  auto found = news_.find(tid);
  if (found == news_.end()) return {};
  std::vector<SoftwareWatchHit> hits = std::move(found->second);
  news_.erase(found);
  return hits;
}

}  // namespace rwd
