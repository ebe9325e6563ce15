// RegisterText: number formatting for registers.
#include "registers/RegisterText.h"

#include <cstdio>
#include <cstring>

namespace rwd {

namespace {

struct FlagBit {
  const char* name;
  unsigned bit;
};

constexpr FlagBit kEflags[] = {{"CF", 0},  {"PF", 2},   {"AF", 4},   {"ZF", 6},  {"SF", 7},  {"TF", 8},
                               {"IF", 9},  {"DF", 10},  {"OF", 11},  {"NT", 14}, {"RF", 16}, {"VM", 17},
                               {"AC", 18}, {"VIF", 19}, {"VIP", 20}, {"ID", 21}};
constexpr FlagBit kMxcsr[] = {{"IE", 0}, {"DE", 1}, {"ZE", 2}, {"OE", 3},  {"UE", 4},  {"PE", 5},  {"DAZ", 6},
                              {"IM", 7}, {"DM", 8}, {"ZM", 9}, {"OM", 10}, {"UM", 11}, {"PM", 12}, {"FZ", 15}};

template <size_t N>
std::string withFlags(uint64_t value, const FlagBit (&table)[N], const std::string& extra) {
  std::string out = RegisterText::hex(value) + " [ ";
  for (const auto& flag : table) {
    if ((value >> flag.bit) & 1) out += std::string(flag.name) + " ";
  }
  return out + extra + "]";
}

std::string floatText(long double value, int digits) {
  char text[64];
  std::snprintf(text, sizeof text, "%.*Lg", digits, value);
  return text;
}

template <typename T>
std::string lanes(const uint8_t* bytes, size_t size, bool asFloat) {
  std::string out = "{";
  for (size_t at = 0; at < size; at += sizeof(T)) {
    T lane;
    std::memcpy(&lane, bytes + at, sizeof lane);
    if (at) out += ", ";
    if (asFloat) out += floatText(static_cast<long double>(lane), sizeof(T) == 4 ? 9 : 17);
    else out += RegisterText::hex(static_cast<uint64_t>(lane));
  }
  return out + "}";
}

}  // namespace

std::string RegisterText::hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

std::string RegisterText::eflags(uint64_t value) {
  const unsigned privilege = (value >> 12) & 3;
  return withFlags(value, kEflags, privilege ? "IOPL=" + std::to_string(privilege) + " " : "");
}

std::string RegisterText::mxcsr(uint32_t value) {
  static const char* kRounding[] = {"", "RC=down ", "RC=up ", "RC=zero "};
  return withFlags(value, kMxcsr, kRounding[(value >> 13) & 3]);
}

std::string RegisterText::extendedFloat(const uint8_t* bytes) {
  static_assert(sizeof(long double) >= 10, "x86-64 long double is the 80-bit x87 format");
  long double value = 0;
  std::memcpy(&value, bytes, 10);
  return floatText(value, 18);
}

std::string RegisterText::vectorHex(const uint8_t* bytes, size_t size) {
  std::string out = "0x";
  char pair[3];
  for (size_t i = size; i-- > 0;) {
    std::snprintf(pair, sizeof pair, "%02x", bytes[i]);
    out += pair;
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> RegisterText::vectorLanes(const uint8_t* bytes, size_t size) {
  const std::string count32 = std::to_string(size / 4), count64 = std::to_string(size / 8);
  std::vector<std::pair<std::string, std::string>> out = {
      {"v" + count32 + "_float", lanes<float>(bytes, size, true)},
      {"v" + count64 + "_double", lanes<double>(bytes, size, true)},
      {"v" + std::to_string(size) + "_int8", lanes<uint8_t>(bytes, size, false)},
      {"v" + std::to_string(size / 2) + "_int16", lanes<uint16_t>(bytes, size, false)},
      {"v" + count32 + "_int32", lanes<uint32_t>(bytes, size, false)},
      {"v" + count64 + "_int64", lanes<uint64_t>(bytes, size, false)},
  };
  if (size == 16) {
    out.emplace_back("uint128", vectorHex(bytes, 16));
  } else {
    std::string wide = "{";
    for (size_t at = 0; at < size; at += 16) wide += (at ? ", " : "") + vectorHex(bytes + at, 16);
    out.emplace_back("v" + std::to_string(size / 16) + "_int128", wide + "}");
  }
  return out;
}

}  // namespace rwd
