// MappingRestorer: comparing layouts and injecting the differences.
#include "record/MappingRestorer.h"

#include <sys/mman.h>
#include <sys/syscall.h>

#include <algorithm>
#include <cstdio>

#include "process/Process.h"
#include "record/SyscallInjector.h"

namespace rwd {

namespace {

struct Interval {
  uint64_t start, end;
};

// The parts of [start, end) that no region of `layout` covers.
std::vector<Interval> uncovered(uint64_t start, uint64_t end, const MemoryLayout& layout) {
  std::vector<Interval> gaps;
  uint64_t at = start;
  for (const MappedRegion& region : layout.regions()) {
    if (region.end <= at || region.start >= end) continue;
    if (region.start > at) gaps.push_back(Interval{at, region.start});
    at = std::max(at, region.end);
    if (at >= end) break;
  }
  if (at < end) gaps.push_back(Interval{at, end});
  return gaps;
}

std::string hex(uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

std::string MappingRestorer::restore(const MapChangeRecord& record, bool toBefore) {
  Task* task = process_.task(record.tid);
  if (!task || !task->isStopped()) {
    for (pid_t tid : process_.threadIds()) {
      Task* other = process_.task(tid);
      if (other && other->isStopped()) {
        task = other;
        break;
      }
    }
  }
  if (!task) return "no stopped thread can restore the memory map of '" + record.description + "'";
  const MemoryLayout& target = toBefore ? record.before : record.after;
  const MemoryLayout current = MemoryLayout::read(process_.processId(), record.affected);
  auto inject = [&](uint64_t number, std::initializer_list<uint64_t> arguments, const char* what, uint64_t start,
                    uint64_t end) -> std::string {
    auto result = SyscallInjector::run(process_, *task, record.syscallAddress, number, arguments);
    if (result && *result >= 0) return "";
    return std::string("could not ") + what + " [" + hex(start) + ", " + hex(end) + ") to undo '" + record.description +
           "'" + (result ? " (error " + std::to_string(-*result) + ")" : "");
  };
  // What the target maps: map the holes, then align the protections.
  for (const MappedRegion& region : target.regions()) {
    for (const Interval& gap : uncovered(region.start, region.end, current)) {
      std::string error = inject(SYS_mmap,
                                 {gap.start, gap.end - gap.start, static_cast<uint64_t>(region.protection),
                                  MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, ~0ull, 0},
                                 "map", gap.start, gap.end);
      if (!error.empty()) return error;
    }
    for (const MappedRegion& now : current.regions()) {
      const uint64_t start = std::max(now.start, region.start), end = std::min(now.end, region.end);
      if (start >= end || now.protection == region.protection) continue;
      std::string error = inject(SYS_mprotect, {start, end - start, static_cast<uint64_t>(region.protection)},
                                 "change the protection of", start, end);
      if (!error.empty()) return error;
    }
  }
  if (toBefore) return "";
  // Going forward: what the call unmapped goes away again.
  for (const MappedRegion& now : current.regions()) {
    for (const Interval& gap : uncovered(now.start, now.end, target)) {
      std::string error = inject(SYS_munmap, {gap.start, gap.end - gap.start}, "unmap", gap.start, gap.end);
      if (!error.empty()) return error;
    }
  }
  return "";
}

}  // namespace rwd
