// RegisterText: how register values read in the registers view — hex for
// integers, decoded flag names for eflags and mxcsr ("0x246 [ PF ZF IF ]"),
// x87 80-bit values as numbers, and vector registers as hex plus their
// lanes seen as floats, doubles and integers of each width.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace rwd {

class RegisterText {
 public:
  static std::string hex(uint64_t value);
  static std::string eflags(uint64_t value);
  static std::string mxcsr(uint32_t value);
  // An x87 register (10 bytes, little-endian 80-bit extended precision).
  static std::string extendedFloat(const uint8_t* bytes);
  // The whole register as one hex number (most significant byte first).
  static std::string vectorHex(const uint8_t* bytes, size_t size);
  // (name, text) of each view of a 16/32/64-byte register: v4_float = {…}, v2_double, v16_int8 … uint128.
  static std::vector<std::pair<std::string, std::string>> vectorLanes(const uint8_t* bytes, size_t size);
};

}  // namespace rwd
