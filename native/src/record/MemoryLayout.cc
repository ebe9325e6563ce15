// MemoryLayout: parsing /proc/PID/maps lines and clipping them to ranges.
#include "record/MemoryLayout.h"

#include <sys/mman.h>

#include <algorithm>
#include <fstream>
#include <sstream>

namespace rwd {

MemoryLayout MemoryLayout::read(pid_t pid, const std::vector<MemoryRange>& within) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::stringstream text;
  text << maps.rdbuf();
  return parse(text.str(), within);
}

MemoryLayout MemoryLayout::parse(const std::string& mapsText, const std::vector<MemoryRange>& within) {
  MemoryLayout layout;
  std::istringstream lines(mapsText);
  std::string line;
  while (std::getline(lines, line)) {
    // start-end perms offset dev inode [name]
    std::istringstream fields(line);
    std::string range, permissions, offset, device, inode, name;
    fields >> range >> permissions >> offset >> device >> inode;
    std::getline(fields >> std::ws, name);
    const size_t dash = range.find('-');
    if (dash == std::string::npos || permissions.size() < 4) continue;
    MappedRegion region;
    region.start = std::stoull(range.substr(0, dash), nullptr, 16);
    region.end = std::stoull(range.substr(dash + 1), nullptr, 16);
    region.protection = (permissions[0] == 'r' ? PROT_READ : 0) | (permissions[1] == 'w' ? PROT_WRITE : 0) |
                        (permissions[2] == 'x' ? PROT_EXEC : 0);
    region.shared = permissions[3] == 's';
    region.name = name;
    if (within.empty()) {
      layout.regions_.push_back(region);
      continue;
    }
    for (const MemoryRange& bound : within) {
      const uint64_t start = std::max(region.start, bound.address);
      const uint64_t end = std::min(region.end, bound.end());
      if (start >= end) continue;
      MappedRegion clipped = region;
      clipped.start = start;
      clipped.end = end;
      layout.regions_.push_back(clipped);
    }
  }
  std::sort(layout.regions_.begin(), layout.regions_.end(),
            [](const MappedRegion& a, const MappedRegion& b) { return a.start < b.start; });
  return layout;
}

MemoryLayout MemoryLayout::clippedTo(const std::vector<MemoryRange>& ranges) const {
  MemoryLayout clipped;
  for (const MappedRegion& region : regions_) {
    for (const MemoryRange& bound : ranges) {
      const uint64_t start = std::max(region.start, bound.address);
      const uint64_t end = std::min(region.end, bound.end());
      if (start >= end) continue;
      MappedRegion part = region;
      part.start = start;
      part.end = end;
      clipped.regions_.push_back(part);
    }
  }
  std::sort(clipped.regions_.begin(), clipped.regions_.end(),
            [](const MappedRegion& a, const MappedRegion& b) { return a.start < b.start; });
  return clipped;
}

uint64_t MemoryLayout::heapEnd() const {
  for (const MappedRegion& region : regions_) {
    if (region.name == "[heap]") return region.end;
  }
  return 0;
}

uint64_t MemoryLayout::mappedBytesIn(const MemoryRange& range) const {
  uint64_t total = 0;
  for (const MappedRegion& region : regions_) {
    const uint64_t start = std::max(region.start, range.address);
    const uint64_t end = std::min(region.end, range.end());
    if (start < end) total += end - start;
  }
  return total;
}

size_t MemoryLayout::memoryBytes() const {
  size_t total = sizeof(*this) + regions_.capacity() * sizeof(MappedRegion);
  for (const MappedRegion& region : regions_) total += region.name.capacity();
  return total;
}

}  // namespace rwd
