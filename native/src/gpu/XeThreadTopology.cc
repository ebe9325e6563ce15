// XeThreadTopology: bit position ↔ (slice, subslice, EU, thread).
#include "gpu/XeThreadTopology.h"

namespace rwd {

XeThreadTopology::XeThreadTopology(uint32_t slices, uint32_t subslicesPerSlice, uint32_t eusPerSubslice,
                                   uint32_t threadsPerEu)
    : slices_(slices ? slices : 1),
      subslicesPerSlice_(subslicesPerSlice ? subslicesPerSlice : 1),
      eusPerSubslice_(eusPerSubslice ? eusPerSubslice : 1),
      threadsPerEu_(threadsPerEu ? threadsPerEu : 1) {}

size_t XeThreadTopology::bitmaskBytes() const {
  return size_t(slices_) * subslicesPerSlice_ * eusPerSubslice_ * bitsPerEu() / 8;
}

std::vector<XeThreadSlot> XeThreadTopology::decode(const std::vector<uint8_t>& bitmask) const {
  std::vector<XeThreadSlot> threads;
  for (size_t byte = 0; byte < bitmask.size() && byte < bitmaskBytes(); ++byte) {
    for (uint32_t bit = 0; bit < 8; ++bit) {
      if (!(bitmask[byte] & (1u << bit))) continue;
      uint64_t position = byte * 8 + bit;
      uint32_t thread = position % bitsPerEu();
      if (thread >= threadsPerEu_) continue;  // padding bits of an EU
      uint64_t euIndex = position / bitsPerEu();
      uint64_t subsliceIndex = euIndex / eusPerSubslice_;
      threads.push_back({uint32_t(subsliceIndex / subslicesPerSlice_), uint32_t(subsliceIndex % subslicesPerSlice_),
                         uint32_t(euIndex % eusPerSubslice_), thread});
    }
  }
  return threads;
}

uint64_t XeThreadTopology::linearIndex(const XeThreadSlot& slot) const {
  return ((uint64_t(slot.slice) * subslicesPerSlice_ + slot.subslice) * eusPerSubslice_ + slot.eu) * threadsPerEu_ +
         slot.thread;
}

std::vector<uint8_t> XeThreadTopology::encode(const std::vector<XeThreadSlot>& threads) const {
  std::vector<uint8_t> bitmask(bitmaskBytes(), 0);
  for (const auto& slot : threads) {
    uint64_t euIndex = (uint64_t(slot.slice) * subslicesPerSlice_ + slot.subslice) * eusPerSubslice_ + slot.eu;
    uint64_t position = euIndex * bitsPerEu() + slot.thread;
    if (position / 8 < bitmask.size()) bitmask[position / 8] |= uint8_t(1u << (position % 8));
  }
  return bitmask;
}

}  // namespace rwd
