// WriteIndex: granule records packed as serial << 12 | offset << 6 | (length - 1).
#include "record/WriteIndex.h"

#include <algorithm>
#include <cstdint>

namespace rwd {

namespace {
constexpr uint64_t kGranule = 64;
constexpr unsigned kSerialShift = 12;

uint64_t pack(uint64_t serial, uint64_t offset, uint64_t length) {
  return (serial << kSerialShift) | (offset << 6) | (length - 1);
}
}  // namespace

void WriteIndex::add(uint64_t serial, uint64_t address, uint64_t length) {
  if (length == 0) return;
  if (length > kLargeSpan) {
    large_.push_back(LargeWrite{serial, address, length});
    ++records_;
    return;
  }
  const uint64_t end = address + length;
  for (uint64_t granule = address >> kGranuleShift; granule <= (end - 1) >> kGranuleShift; ++granule) {
    const uint64_t base = granule << kGranuleShift;
    const uint64_t start = std::max(address, base);
    const uint64_t stop = std::min(end, base + kGranule);
    std::vector<uint64_t>& records = granules_[granule];
    const uint64_t record = pack(serial, start - base, stop - start);
    // One entry may write a granule twice (two spans): keep one record per piece.
    records.push_back(record);
    ++records_;
  }
}

std::optional<uint64_t> WriteIndex::lastWriteBefore(uint64_t address, uint64_t length, uint64_t minSerial,
                                                    uint64_t boundSerial) const {
  if (length == 0 || boundSerial <= minSerial) return std::nullopt;
  std::optional<uint64_t> best;
  // A range that reaches past the top of the address space ends there.
  const uint64_t end = length > UINT64_MAX - address ? UINT64_MAX : address + length;
  const uint64_t firstGranule = address >> kGranuleShift;
  const uint64_t lastGranule = (end - 1) >> kGranuleShift;
  auto searchGranule = [&](uint64_t granule, const std::vector<uint64_t>& records) {
    const uint64_t base = granule << kGranuleShift;
    const uint64_t queryStart = std::max(address, base) - base;
    const uint64_t queryEnd = std::min(end - base, kGranule);
    auto it = std::lower_bound(records.begin(), records.end(), boundSerial << kSerialShift);
    while (it != records.begin()) {
      const uint64_t record = *--it;
      const uint64_t serial = record >> kSerialShift;
      if (serial < minSerial || (best && serial <= *best)) break;
      const uint64_t offset = (record >> 6) & 63;
      const uint64_t pieceEnd = offset + (record & 63) + 1;
      if (offset < queryEnd && queryStart < pieceEnd) {
        best = serial;
        break;
      }
    }
  };
  // Walk whichever is shorter: the range's granules or the granules written.
  if (lastGranule - firstGranule >= granules_.size()) {
    for (const auto& [granule, records] : granules_) {
      if (granule >= firstGranule && granule <= lastGranule) searchGranule(granule, records);
    }
  } else {
    for (uint64_t granule = firstGranule;; ++granule) {
      auto found = granules_.find(granule);
      if (found != granules_.end()) searchGranule(granule, found->second);
      if (granule == lastGranule) break;
    }
  }
  for (const LargeWrite& write : large_) {
    if (write.serial < minSerial || write.serial >= boundSerial || (best && write.serial <= *best)) continue;
    if (write.address < end && address < write.address + write.length) best = write.serial;
  }
  return best;
}

void WriteIndex::prune(uint64_t minSerial) {
  for (auto it = granules_.begin(); it != granules_.end();) {
    std::vector<uint64_t>& records = it->second;
    auto keep = std::lower_bound(records.begin(), records.end(), minSerial << kSerialShift);
    records_ -= static_cast<uint64_t>(keep - records.begin());
    records.erase(records.begin(), keep);
    if (records.empty()) {
      it = granules_.erase(it);
    } else {
      if (records.capacity() > 2 * records.size() + 8) records.shrink_to_fit();
      ++it;
    }
  }
  const size_t before = large_.size();
  std::erase_if(large_, [minSerial](const LargeWrite& write) { return write.serial < minSerial; });
  records_ -= before - large_.size();
}

void WriteIndex::clear() {
  granules_.clear();
  large_.clear();
  records_ = 0;
}

size_t WriteIndex::memoryBytes() const {
  // Per granule: the node (key, vector, link, cached hash) and its bucket slot.
  size_t total = sizeof(*this) + granules_.bucket_count() * sizeof(void*) + large_.capacity() * sizeof(LargeWrite);
  for (const auto& [granule, records] : granules_) total += 48 + records.capacity() * sizeof(uint64_t);
  return total;
}

}  // namespace rwd
