// SimMemory: ranges kept by start address; an access must fit in one.
#include "gpu/sim/SimMemory.h"

#include <cstring>

namespace rwd {

void SimMemory::map(uint64_t address, std::vector<uint8_t> bytes) { ranges_[address] = std::move(bytes); }

const std::pair<const uint64_t, std::vector<uint8_t>>* SimMemory::rangeOf(uint64_t address, size_t size) const {
  auto it = ranges_.upper_bound(address);
  if (it == ranges_.begin()) return nullptr;
  --it;
  if (address + size > it->first + it->second.size()) return nullptr;
  return &*it;
}

bool SimMemory::read(uint64_t address, void* out, size_t size) const {
  auto range = rangeOf(address, size);
  if (!range) return false;
  std::memcpy(out, range->second.data() + (address - range->first), size);
  return true;
}

bool SimMemory::write(uint64_t address, const void* in, size_t size) {
  auto range = rangeOf(address, size);
  if (!range) return false;
  auto& bytes = const_cast<std::vector<uint8_t>&>(range->second);
  std::memcpy(bytes.data() + (address - range->first), in, size);
  return true;
}

}  // namespace rwd
