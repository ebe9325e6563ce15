// MemoryCache: reads of the stopped debuggee in whole pages, kept for the
// span of one request (an unwind, a page of variables), so that formatting
// 100,000 array elements or unwinding 10,000 frames costs a few hundred
// reads instead of one per value. It must not outlive a stop: the owner
// clears it before the program can run again.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <unordered_map>
#include <utility>
#include <vector>

#include "core/TargetAccess.h"

namespace rwd {

class MemoryCache {
 public:
  explicit MemoryCache(TargetAccess& target) : target_(target) {}
  // Reads up to `length` bytes; returns how many could be read from the
  // start (0 when `address` is unmapped).
  size_t read(uint64_t address, void* out, size_t length);
  // Reads a little-endian unsigned value of `size` bytes (1..8).
  std::optional<uint64_t> readUnsigned(uint64_t address, size_t size);
  // Until the next clear, reads see only these bytes (a value captured
  // while the program ran, formatted without reading the program).
  void pinOnly(std::vector<std::pair<uint64_t, std::vector<uint8_t>>> ranges) {
    pinned_ = std::move(ranges);
    pinnedOnly_ = true;
  }
  void clear() {
    pages_.clear();
    pinned_.clear();
    pinnedOnly_ = false;
  }
  TargetAccess& target() { return target_; }

 private:
  static constexpr uint64_t kPageSize = 4096;
  static constexpr size_t kMaxPages = 8192;  // 32 MiB
  struct Page {
    std::vector<uint8_t> bytes;  // the readable prefix of the page
  };
  const Page& page(uint64_t pageAddress);

  TargetAccess& target_;
  std::unordered_map<uint64_t, Page> pages_;
  std::vector<std::pair<uint64_t, std::vector<uint8_t>>> pinned_;
  bool pinnedOnly_ = false;
};

}  // namespace rwd
