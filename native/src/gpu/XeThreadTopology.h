// XeThreadTopology: how an Xe EU attention or EU control bitmask maps to
// hardware threads. Each EU owns a run of bits (its thread count rounded up
// to a byte), EUs in order within a subslice, subslices within a slice.
// The counts come from the SIP's state save area header once the runtime
// has bound it; until then a default Xe2 shape is assumed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwd {

struct XeThreadSlot {
  uint32_t slice = 0, subslice = 0, eu = 0, thread = 0;
  bool operator<(const XeThreadSlot& o) const {
    if (slice != o.slice) return slice < o.slice;
    if (subslice != o.subslice) return subslice < o.subslice;
    if (eu != o.eu) return eu < o.eu;
    return thread < o.thread;
  }
  bool operator==(const XeThreadSlot& o) const = default;
};

class XeThreadTopology {
 public:
  XeThreadTopology(uint32_t slices = 1, uint32_t subslicesPerSlice = 4, uint32_t eusPerSubslice = 8,
                   uint32_t threadsPerEu = 8);
  std::vector<XeThreadSlot> decode(const std::vector<uint8_t>& bitmask) const;
  std::vector<uint8_t> encode(const std::vector<XeThreadSlot>& threads) const;
  size_t bitmaskBytes() const;
  // The thread's place in the state save area (threads in the same order).
  uint64_t linearIndex(const XeThreadSlot& slot) const;
  uint32_t threadsPerEu() const { return threadsPerEu_; }

 private:
  uint32_t bitsPerEu() const { return (threadsPerEu_ + 7) / 8 * 8; }
  uint32_t slices_, subslicesPerSlice_, eusPerSubslice_, threadsPerEu_;
};

}  // namespace rwd
