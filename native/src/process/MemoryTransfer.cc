// MemoryTransfer: page-wise reads and writes with partial results.
#include "process/MemoryTransfer.h"

#include <algorithm>

namespace rwd {

namespace {

constexpr uint64_t kMaxProbedPages = 4096;  // beyond this, the rest of the request counts as unreadable

uint64_t nextPage(uint64_t address, uint64_t pageSize) { return (address / pageSize + 1) * pageSize; }

}  // namespace

MemoryRead MemoryTransfer::read(uint64_t address, uint64_t count) {
  MemoryRead result;
  count = std::min(count, kMaxReadBytes);
  // A range that runs past the end of the address space ends there.
  uint64_t reachable = count;
  if (address != 0 && count > 0 - address) reachable = 0 - address;
  result.data.resize(reachable);
  const size_t got = reachable ? target_.readMemory(address, result.data.data(), reachable) : 0;
  result.data.resize(got);
  if (got < reachable) result.unreadableBytes = unreadableFrom(address + got, count - got);
  else result.unreadableBytes = count - got;
  return result;
}

uint64_t MemoryTransfer::unreadableFrom(uint64_t address, uint64_t limit) {
  uint64_t page = nextPage(address, kPageSize);
  for (uint64_t probes = 0; probes < kMaxProbedPages; ++probes, page += kPageSize) {
    if (page <= address || page - address >= limit) return limit;  // wrapped, or past the request
    uint8_t byte = 0;
    if (target_.readMemory(page, &byte, 1) == 1) return page - address;
  }
  return limit;
}

bool MemoryTransfer::isAccessible(uint64_t address, uint64_t count) {
  uint8_t byte = 0;
  for (uint64_t offset = 0; offset < count;) {
    // One byte per page is enough: access is granted page by page.
    if (target_.readMemory(address + offset, &byte, 1) != 1) return false;
    offset = nextPage(address + offset, kPageSize) - address;
  }
  return count == 0 || target_.readMemory(address + count - 1, &byte, 1) == 1;
}

uint64_t MemoryTransfer::write(uint64_t address, const std::vector<uint8_t>& data) {
  uint64_t written = 0;
  while (written < data.size()) {
    const uint64_t at = address + written;
    const uint64_t chunk = std::min<uint64_t>(nextPage(at, kPageSize) - at, data.size() - written);
    if (!target_.writeMemory(at, data.data() + written, chunk)) break;
    written += chunk;
  }
  return written;
}

}  // namespace rwd
