// ThreadLives: the span of history in which each recorded thread exists.
#include "record/ThreadLives.h"

#include <algorithm>

namespace rwd {

void ThreadLives::born(pid_t tid, uint64_t serial) {
  auto [found, added] = lives_.try_emplace(tid, ThreadLife{serial, std::nullopt, {}});
  if (!added) found->second.born = std::min(found->second.born, serial);
}

void ThreadLives::gone(pid_t tid, uint64_t serial) {
  auto found = lives_.find(tid);
  if (found == lives_.end()) found = lives_.try_emplace(tid, ThreadLife{0, std::nullopt, {}}).first;
  found->second.gone = serial;
}

void ThreadLives::name(pid_t tid, std::string name) {
  auto found = lives_.find(tid);
  if (found != lives_.end() && !name.empty()) found->second.name = std::move(name);
}

bool ThreadLives::existsAt(pid_t tid, uint64_t serial) const {
  auto found = lives_.find(tid);
  if (found == lives_.end()) return false;
  const ThreadLife& life = found->second;
  return life.born <= serial && (!life.gone || serial < *life.gone);
}

std::vector<pid_t> ThreadLives::existingAt(uint64_t serial) const {
  std::vector<pid_t> tids;
  for (const auto& [tid, life] : lives_) {
    if (existsAt(tid, serial)) tids.push_back(tid);
  }
  return tids;
}

const ThreadLife* ThreadLives::life(pid_t tid) const {
  auto found = lives_.find(tid);
  return found == lives_.end() ? nullptr : &found->second;
}

std::vector<pid_t> ThreadLives::living() const {
  std::vector<pid_t> tids;
  for (const auto& [tid, life] : lives_) {
    if (!life.gone) tids.push_back(tid);
  }
  return tids;
}

}  // namespace rwd
