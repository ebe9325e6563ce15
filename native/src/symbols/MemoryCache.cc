// MemoryCache: page-granular reads of the debuggee through TargetAccess.
#include "symbols/MemoryCache.h"

#include <algorithm>
#include <cstring>

namespace rwd {

const MemoryCache::Page& MemoryCache::page(uint64_t pageAddress) {
  auto found = pages_.find(pageAddress);
  if (found != pages_.end()) return found->second;
  if (pages_.size() >= kMaxPages) pages_.clear();
  Page fresh;
  fresh.bytes.resize(kPageSize);
  size_t got = target_.readMemory(pageAddress, fresh.bytes.data(), kPageSize);
  fresh.bytes.resize(got);
  return pages_.emplace(pageAddress, std::move(fresh)).first->second;
}

size_t MemoryCache::read(uint64_t address, void* out, size_t length) {
  if (pinnedOnly_) {
    for (const auto& [start, bytes] : pinned_) {
      if (address < start || address - start >= bytes.size()) continue;
      const size_t offset = static_cast<size_t>(address - start);
      const size_t got = std::min(length, bytes.size() - offset);
      std::memcpy(out, bytes.data() + offset, got);
      return got;
    }
    return 0;
  }
  auto* destination = static_cast<uint8_t*>(out);
  size_t done = 0;
  while (done < length) {
    const uint64_t at = address + done;
    if (at < address) break;  // wrapped around the address space
    const uint64_t pageAddress = at & ~(kPageSize - 1);
    const size_t offset = static_cast<size_t>(at - pageAddress);
    const Page& cached = page(pageAddress);
    if (offset >= cached.bytes.size()) break;
    const size_t chunk = std::min(length - done, cached.bytes.size() - offset);
    std::memcpy(destination + done, cached.bytes.data() + offset, chunk);
    done += chunk;
    if (cached.bytes.size() < kPageSize) break;
  }
  return done;
}

std::optional<uint64_t> MemoryCache::readUnsigned(uint64_t address, size_t size) {
  if (size == 0 || size > 8) return std::nullopt;
  uint64_t value = 0;
  if (read(address, &value, size) != size) return std::nullopt;
  return value;
}

}  // namespace rwd
