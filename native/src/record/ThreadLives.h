// ThreadLives: when each thread of a recording exists, in history serials —
// born when the clone that made it returned (or at its first recorded step,
// whichever the log has first; threads there before the recording are born
// at serial 0), gone after the log's last entry of its exit. The time
// traveler asks it which threads exist at a position in the past, so a
// thread that has exited since is shown there again and one created later
// is not. Also keeps each thread's name, which cannot be read once it is gone.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rwd {

struct ThreadLife {
  uint64_t born = 0;
  std::optional<uint64_t> gone;  // the first serial at which it no longer exists
  std::string name;
};

class ThreadLives {
 public:
  // The thread exists from `serial` on, unless it was known earlier.
  void born(pid_t tid, uint64_t serial);
  // The thread no longer exists from `serial` on.
  void gone(pid_t tid, uint64_t serial);
  void name(pid_t tid, std::string name);

  // Whether `tid` exists at the state before entry `serial`.
  bool existsAt(pid_t tid, uint64_t serial) const;
  // The threads that exist there, in thread id order.
  std::vector<pid_t> existingAt(uint64_t serial) const;
  const ThreadLife* life(pid_t tid) const;
  // Threads not yet gone.
  std::vector<pid_t> living() const;

 private:
  std::map<pid_t, ThreadLife> lives_;
};

}  // namespace rwd
