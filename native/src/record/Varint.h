// Varint: the little-endian base-128 integer encoding the history log is
// written in (7 bits a byte, high bit = more bytes follow), and zigzag for
// signed differences, so that the small numbers most instructions produce
// (a register that moved by a few bits, a store next to the previous one)
// take one or two bytes.
#pragma once

#include <cstdint>
#include <vector>

namespace rwd::varint {

inline void put(std::vector<uint8_t>& out, uint64_t value) {
  while (value >= 0x80) {
    out.push_back(static_cast<uint8_t>(value) | 0x80);
    value >>= 7;
  }
  out.push_back(static_cast<uint8_t>(value));
}

// Reads one varint at `p` and advances it. The log is written by put(), so
// the input is trusted (at most 10 bytes).
inline uint64_t get(const uint8_t*& p) {
  uint64_t value = *p & 0x7F;
  if (!(*p++ & 0x80)) return value;
  for (unsigned shift = 7;; shift += 7) {
    const uint8_t byte = *p++;
    value |= uint64_t{byte & 0x7Fu} << shift;
    if (!(byte & 0x80)) return value;
  }
}

inline uint64_t zigzag(int64_t value) {
  return (static_cast<uint64_t>(value) << 1) ^ static_cast<uint64_t>(value >> 63);
}
inline int64_t unzigzag(uint64_t value) { return static_cast<int64_t>(value >> 1) ^ -static_cast<int64_t>(value & 1); }

}  // namespace rwd::varint
