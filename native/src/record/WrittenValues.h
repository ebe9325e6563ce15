// WrittenValues: the bytes a range of memory held right after each of its
// last recorded writes, without travelling. The writes come newest first,
// each the newest one before the previous (History::lastWriteBefore), so no
// other write of the range lies between two of them: the range after the
// newest write is what memory holds now, and the range after each older
// write is the range before the next newer one — that write's saved
// pre-image laid over the bytes after it.
#pragma once

#include <cstdint>
#include <vector>

#include "record/History.h"

namespace rwd {

class WrittenValues {
 public:
  // `writes`: history positions before history.position(), newest first;
  // `now`: the range's bytes at the current position.
  static std::vector<std::vector<uint8_t>> after(History& history, const std::vector<uint64_t>& writes,
                                                 uint64_t address, std::vector<uint8_t> now);
};

}  // namespace rwd
