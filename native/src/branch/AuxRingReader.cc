// AuxRingReader: at most two copies — from the tail's position to the end
// of the ring, then from the start.
#include "branch/AuxRingReader.h"

#include <algorithm>
#include <cstring>
#include <stdexcept>

namespace rwd {

AuxRingSpan AuxRingReader::read(uint64_t tail, uint64_t head) const {
  if (head < tail) throw std::invalid_argument("perf ring: head is behind tail");
  AuxRingSpan span;
  if (size_ == 0) return span;
  uint64_t available = head - tail;
  if (available > size_) {
    span.lostBytes = available - size_;
    tail = head - size_;
    available = size_;
  }
  span.streamOffset = tail;
  span.bytes.resize(available);
  const size_t start = static_cast<size_t>(tail % size_);
  const size_t first = std::min<size_t>(available, size_ - start);
  std::memcpy(span.bytes.data(), ring_ + start, first);
  if (first < available) std::memcpy(span.bytes.data() + first, ring_, available - first);
  return span;
}

}  // namespace rwd
