// NativeCheckpoints: the fork checkpoints of a native recording — stopped
// copies of the program, each about to make the system call of a known
// event. The list owns the processes: dropping one, or the whole list,
// kills and reaps them, so no copy is ever left behind.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwd {

struct NativeCheckpoint {
  size_t eventIndex = 0;  // the copy is about to make the system call of this event
  pid_t pid = 0;
  // The start checkpoint: the copy is at the program's first instruction
  // (right after exec) rather than at a system call.
  bool atEntry = false;
  // The program's registers there (for a system-call checkpoint, at the
  // seccomp stop before the call): what a replay reaching the same event
  // must show. Its memory is the copy's own (MemoryDigest of `pid`).
  user_regs_struct registers{};
};

class NativeCheckpoints {
 public:
  NativeCheckpoints() = default;
  ~NativeCheckpoints() { clear(); }
  NativeCheckpoints(const NativeCheckpoints&) = delete;
  NativeCheckpoints& operator=(const NativeCheckpoints&) = delete;
  NativeCheckpoints(NativeCheckpoints&& other) noexcept : list_(std::move(other.list_)) { other.list_.clear(); }
  NativeCheckpoints& operator=(NativeCheckpoints&& other) noexcept;

  void add(NativeCheckpoint checkpoint) { list_.push_back(checkpoint); }
  // Keeps the first and every other one after it; kills the rest.
  void thinOut();
  void clear();

  size_t size() const { return list_.size(); }
  bool empty() const { return list_.empty(); }
  const NativeCheckpoint& operator[](size_t index) const { return list_.at(index); }
  const NativeCheckpoint& front() const { return list_.front(); }
  std::vector<NativeCheckpoint>::const_iterator begin() const { return list_.begin(); }
  std::vector<NativeCheckpoint>::const_iterator end() const { return list_.end(); }
  // The latest checkpoint at or before `eventIndex`; throws when there is none.
  const NativeCheckpoint& before(size_t eventIndex) const;

 private:
  static void kill(NativeCheckpoint& checkpoint);
  std::vector<NativeCheckpoint> list_;
};

}  // namespace rwd
