// AuxRingReader: the bytes a perf ring buffer (the AUX area of an Intel BTS
// or PT event) holds between its tail and head, in order. Head and tail are
// the kernel's running byte counts, so the data may wrap past the end of the
// ring; when more than a ring's worth was written since the tail, the oldest
// bytes were overwritten and only the last ring-full is returned, with the
// loss counted.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace rwd {

struct AuxRingSpan {
  std::vector<uint8_t> bytes;
  uint64_t streamOffset = 0;  // running offset of bytes[0] in the whole stream
  uint64_t lostBytes = 0;     // overwritten before they were read
};

class AuxRingReader {
 public:
  AuxRingReader(const uint8_t* ring, size_t ringSize) : ring_(ring), size_(ringSize) {}
  AuxRingSpan read(uint64_t tail, uint64_t head) const;

 private:
  const uint8_t* ring_;
  size_t size_;
};

}  // namespace rwd
