// Digest64: a fast 64-bit running digest of byte strings, used to compare
// what a replay does with what the recording saw (write buffers, writable
// memory, mapped file contents). Not cryptographic: it detects accidental
// differences, not crafted ones.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rwd {

class Digest64 {
 public:
  void update(const void* data, size_t length);
  void updateWord(uint64_t word);
  uint64_t value() const;

 private:
  uint64_t state_ = 0x9E3779B97F4A7C15ull;
  uint64_t length_ = 0;
};

}  // namespace rwd
