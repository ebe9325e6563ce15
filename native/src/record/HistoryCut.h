// HistoryCut: the recorder met something it cannot undo (an instruction or
// system call whose writes it does not know, an execve, a signal frame on a
// stack it could not predict...). It never guesses: it forgets the history
// up to that point and goes on recording after it, and this says where and
// why, in a sentence for the user.
#pragma once

#include <cstdint>
#include <string>

namespace rwd {

struct HistoryCut {
  uint64_t index = 0;      // serial of the first entry of the new history (steps recorded before the cut)
  uint64_t discarded = 0;  // entries that were forgotten
  std::string reason;      // "Recording history cut before 'vpscatterdd ...' at 0x401234: ..."
};

}  // namespace rwd
