// NativeCheckpoints: ownership and thinning of checkpoint processes.
#include "replay/NativeCheckpoints.h"

#include "replay/Ptrace.h"

#include <signal.h>
#include <sys/wait.h>

#include <cerrno>
#include <stdexcept>
#include <string>

namespace rwd {

NativeCheckpoints& NativeCheckpoints::operator=(NativeCheckpoints&& other) noexcept {
  if (this != &other) {
    clear();
    list_ = std::move(other.list_);
    other.list_.clear();
  }
  return *this;
}

void NativeCheckpoints::kill(NativeCheckpoint& checkpoint) {
  Ptrace::killAndReap(checkpoint.pid);
  checkpoint.pid = 0;
}

void NativeCheckpoints::thinOut() {
  std::vector<NativeCheckpoint> kept;
  for (size_t i = 0; i < list_.size(); ++i) {
    if (i % 2 == 0) kept.push_back(list_[i]);
    else kill(list_[i]);
  }
  list_ = std::move(kept);
}

void NativeCheckpoints::clear() {
  for (NativeCheckpoint& checkpoint : list_) kill(checkpoint);
  list_.clear();
}

const NativeCheckpoint& NativeCheckpoints::before(size_t eventIndex) const {
  const NativeCheckpoint* best = nullptr;
  for (const NativeCheckpoint& checkpoint : list_) {
    if (checkpoint.eventIndex <= eventIndex && (!best || checkpoint.eventIndex > best->eventIndex)) best = &checkpoint;
  }
  if (!best) throw std::runtime_error("no checkpoint lies before event " + std::to_string(eventIndex));
  return *best;
}

}  // namespace rwd
