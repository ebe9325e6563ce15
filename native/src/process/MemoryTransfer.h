// MemoryTransfer: reads and writes of the debuggee's memory as a memory view
// asks for them — a read returns the readable bytes up to the first byte
// that cannot be read and says how many unreadable bytes follow (up to the
// next readable page or the end of the request); a write either checks the
// whole range first or goes page by page and stops at the first page that
// cannot be written. Breakpoint bytes stay hidden (TargetAccess shows the
// original code and keeps the 0xCC in place on writes).
#pragma once

#include <cstdint>
#include <vector>

#include "core/TargetAccess.h"

namespace rwd {

struct MemoryRead {
  std::vector<uint8_t> data;     // the readable bytes from the start address
  uint64_t unreadableBytes = 0;  // unreadable bytes right after `data`
};

class MemoryTransfer {
 public:
  // The most one read returns; a longer request gets this much and the
  // client asks again for the rest.
  static constexpr uint64_t kMaxReadBytes = uint64_t{16} << 20;

  explicit MemoryTransfer(TargetAccess& target) : target_(target) {}

  MemoryRead read(uint64_t address, uint64_t count);
  // True when every byte of [address, address + count) can be read (and so,
  // through ptrace, written).
  bool isAccessible(uint64_t address, uint64_t count);
  // Writes page by page and stops at the first page that fails; returns the
  // bytes written.
  uint64_t write(uint64_t address, const std::vector<uint8_t>& data);

 private:
  static constexpr uint64_t kPageSize = 4096;
  // Unreadable bytes from `address` (itself unreadable) up to the next page
  // that can be read, at most `limit`.
  uint64_t unreadableFrom(uint64_t address, uint64_t limit);

  TargetAccess& target_;
};

}  // namespace rwd
