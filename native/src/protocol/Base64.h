// Base64: the standard alphabet (RFC 4648, with '=' padding), for the bytes
// of memory that travel through the protocol as JSON strings.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rwd {

class Base64 {
 public:
  static std::string encode(const uint8_t* bytes, size_t length);
  static std::string encode(const std::vector<uint8_t>& bytes) { return encode(bytes.data(), bytes.size()); }
  // Nullopt when `text` is not base64 (a character outside the alphabet,
  // padding in the middle, or a length that no encoding produces).
  // Whitespace is ignored; missing trailing padding is accepted.
  static std::optional<std::vector<uint8_t>> decode(const std::string& text);
};

}  // namespace rwd
