// Digest64: word-at-a-time multiply-rotate mixing with a final avalanche.
#include "replay/Digest64.h"

#include <cstring>

namespace rwd {

namespace {
constexpr uint64_t kMultiplier1 = 0x87C37B91114253D5ull;
constexpr uint64_t kMultiplier2 = 0x4CF5AD432745937Full;

inline uint64_t rotateLeft(uint64_t value, int bits) { return (value << bits) | (value >> (64 - bits)); }
}  // namespace

void Digest64::updateWord(uint64_t word) {
  state_ ^= rotateLeft(word * kMultiplier1, 31) * kMultiplier2;
  state_ = rotateLeft(state_, 27) * 5 + 0x52DCE729;
  length_ += 8;
}

void Digest64::update(const void* data, size_t length) {
  const auto* bytes = static_cast<const uint8_t*>(data);
  size_t at = 0;
  for (; at + 8 <= length; at += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + at, 8);
    updateWord(word);
  }
  if (at < length) {
    uint64_t word = 0;
    std::memcpy(&word, bytes + at, length - at);
    updateWord(word ^ (static_cast<uint64_t>(length - at) << 56));
  }
}

uint64_t Digest64::value() const {
  uint64_t h = state_ ^ length_;
  h ^= h >> 33;
  h *= 0xFF51AFD7ED558CCDull;
  h ^= h >> 33;
  h *= 0xC4CEB9FE1A85EC53ull;
  h ^= h >> 33;
  return h;
}

}  // namespace rwd
