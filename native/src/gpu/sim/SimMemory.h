// SimMemory: the memory of a simulated GPU address space (test only):
// mapped ranges of bytes; an access that leaves them fails as the kernel's
// would (EIO).
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace rwd {

class SimMemory {
 public:
  void map(uint64_t address, std::vector<uint8_t> bytes);
  // Both return false when a byte of the range is not mapped.
  bool read(uint64_t address, void* out, size_t size) const;
  bool write(uint64_t address, const void* in, size_t size);

 private:
  std::map<uint64_t, std::vector<uint8_t>> ranges_;  // by start address
  const std::pair<const uint64_t, std::vector<uint8_t>>* rangeOf(uint64_t address, size_t size) const;
};

}  // namespace rwd
