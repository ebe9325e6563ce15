// MemoryLayout: which parts of some address ranges were mapped, and with
// what protection, read from /proc/PID/maps. The recorder takes one before
// and one after each system call that changes the memory map, restricted
// to the ranges the call touched, so the time traveler can put the map back
// the way it was (MappingRestorer) when it goes back or forward over it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "record/MemoryRange.h"

namespace rwd {

struct MappedRegion {
  uint64_t start = 0;
  uint64_t end = 0;
  int protection = 0;  // PROT_READ | PROT_WRITE | PROT_EXEC
  bool shared = false;
  std::string name;  // file path or [heap]/[stack]/... ("" for anonymous)
};

class MemoryLayout {
 public:
  // The mapped parts of `within` (every region when `within` is empty).
  static MemoryLayout read(pid_t pid, const std::vector<MemoryRange>& within = {});
  // Parses maps text (exposed for tests).
  static MemoryLayout parse(const std::string& mapsText, const std::vector<MemoryRange>& within = {});

  const std::vector<MappedRegion>& regions() const { return regions_; }
  // The parts of this layout inside `ranges`.
  MemoryLayout clippedTo(const std::vector<MemoryRange>& ranges) const;
  // The end of the [heap] region, 0 when there is none.
  uint64_t heapEnd() const;
  // Bytes mapped inside `range`.
  uint64_t mappedBytesIn(const MemoryRange& range) const;
  size_t memoryBytes() const;

 private:
  std::vector<MappedRegion> regions_;
};

}  // namespace rwd
