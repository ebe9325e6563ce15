// DecodedInstructionCache: lookup with byte validation, and invalidation.
#include "record/DecodedInstructionCache.h"

#include <cstring>

namespace rwd {

const DigestedInstruction& DecodedInstructionCache::lookup(uint64_t address, const uint8_t* bytes, size_t available) {
  if (available > 15) available = 15;
  auto found = entries_.find(address);
  if (found != entries_.end()) {
    const Entry& entry = found->second;
    // A decoded instruction matches when its own bytes are unchanged; an
    // undecodable one only when shown exactly the same bytes again (more
    // bytes might decode).
    const bool sizeMatches = entry.digest.length ? entry.checked <= available : entry.checked == available;
    if (sizeMatches && std::memcmp(entry.bytes, bytes, entry.checked) == 0) {
      ++hits_;
      return entry.digest;
    }
  }
  ++misses_;
  Entry& entry = entries_[address];
  entry.digest = digester_.digest(address, bytes, available);
  // An undecodable instruction depended on every byte it was shown.
  entry.checked = entry.digest.length ? entry.digest.length : static_cast<uint8_t>(available);
  std::memcpy(entry.bytes, bytes, entry.checked);
  return entry.digest;
}

void DecodedInstructionCache::forget(uint64_t start, uint64_t length) {
  for (auto it = entries_.begin(); it != entries_.end();) {
    uint64_t entryStart = it->first;
    uint64_t entryEnd = entryStart + (it->second.checked ? it->second.checked : 15);
    if (entryStart < start + length && start < entryEnd) {
      it = entries_.erase(it);
    } else {
      ++it;
    }
  }
}

}  // namespace rwd
