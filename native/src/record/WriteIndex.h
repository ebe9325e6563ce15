// WriteIndex: from a memory address to the history entries that wrote it,
// for "go to the last write of this variable" and reverse watchpoints that
// jump straight to the answer. Memory is cut into 64-byte granules; each
// granule keeps, in serial order, one 8-byte record per entry that wrote
// into it (serial, offset and length of the written piece), so a query is
// a binary search per granule the queried range covers. Writes longer than
// 64 KiB (system call buffers, unmapped regions) sit in a separate list
// that queries scan, instead of filling thousands of granules.
#pragma once

#include <cstdint>
#include <optional>
#include <unordered_map>
#include <vector>

namespace rwd {

class WriteIndex {
 public:
  void add(uint64_t serial, uint64_t address, uint64_t length);
  // The newest serial in [minSerial, boundSerial) whose write overlaps
  // [address, address + length).
  std::optional<uint64_t> lastWriteBefore(uint64_t address, uint64_t length, uint64_t minSerial,
                                          uint64_t boundSerial) const;
  // Forgets records of serials below `minSerial` (entries the ring dropped).
  void prune(uint64_t minSerial);
  void clear();
  size_t memoryBytes() const;
  uint64_t records() const { return records_; }

 private:
  static constexpr unsigned kGranuleShift = 6;
  static constexpr uint64_t kLargeSpan = 64 * 1024;
  struct LargeWrite {
    uint64_t serial, address, length;
  };
  std::unordered_map<uint64_t, std::vector<uint64_t>> granules_;
  std::vector<LargeWrite> large_;
  uint64_t records_ = 0;
};

}  // namespace rwd
