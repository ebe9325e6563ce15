// JsonArgs: checks and converts request arguments; see JsonArgs.h.
#include "protocol/JsonArgs.h"

#include <cstdio>
#include <limits>

#include "protocol/RequestError.h"

namespace rwd::args {

namespace {

[[noreturn]] void badArgument(const char* name, const char* expected) {
  throw RequestError(ErrorCode::BadRequest, std::string("argument '") + name + "' must be " + expected + ".");
}

const json* find(const json& args, const char* name) {
  if (!args.is_object()) return nullptr;
  auto it = args.find(name);
  if (it == args.end() || it->is_null()) return nullptr;
  return &*it;
}

// The integer `value` holds, when it lies in [lowest, highest]; BadRequest
// naming the argument otherwise (never a silent wrap or narrowing).
int64_t integerIn(const json& value, const char* name, int64_t lowest, int64_t highest) {
  if (!value.is_number_integer()) badArgument(name, "an integer");
  const bool tooBig = value.is_number_unsigned() ? value.get<uint64_t>() > static_cast<uint64_t>(highest)
                                                 : value.get<int64_t>() > highest;
  if (tooBig || (!value.is_number_unsigned() && value.get<int64_t>() < lowest)) {
    throw RequestError("BadRequest", std::string("argument '") + name + "' must be an integer from " +
                                         std::to_string(lowest) + " to " + std::to_string(highest) + ", not " +
                                         value.dump() + ".");
  }
  return value.get<int64_t>();
}

constexpr int64_t kInt64Lowest = std::numeric_limits<int64_t>::min();
constexpr int64_t kInt64Highest = std::numeric_limits<int64_t>::max();
constexpr int64_t kIntLowest = std::numeric_limits<int>::min();
constexpr int64_t kIntHighest = std::numeric_limits<int>::max();

}  // namespace

std::string requireString(const json& args, const char* name) {
  auto value = optionalString(args, name);
  if (!value) badArgument(name, "a string");
  return *value;
}

std::optional<std::string> optionalString(const json& args, const char* name) {
  const json* value = find(args, name);
  if (!value) return std::nullopt;
  if (!value->is_string()) badArgument(name, "a string");
  return value->get<std::string>();
}

int64_t requireInt(const json& args, const char* name) {
  const json* value = find(args, name);
  if (!value) badArgument(name, "an integer");
  return integerIn(*value, name, kInt64Lowest, kInt64Highest);
}

int64_t intOr(const json& args, const char* name, int64_t fallback) {
  const json* value = find(args, name);
  if (!value) return fallback;
  return integerIn(*value, name, kInt64Lowest, kInt64Highest);
}

int requireInt32(const json& args, const char* name) {
  const json* value = find(args, name);
  if (!value) badArgument(name, "an integer");
  return static_cast<int>(integerIn(*value, name, kIntLowest, kIntHighest));
}

int int32Or(const json& args, const char* name, int fallback) {
  const json* value = find(args, name);
  if (!value) return fallback;
  return static_cast<int>(integerIn(*value, name, kIntLowest, kIntHighest));
}

bool boolOr(const json& args, const char* name, bool fallback) {
  const json* value = find(args, name);
  if (!value) return fallback;
  if (!value->is_boolean()) badArgument(name, "true or false");
  return value->get<bool>();
}

std::vector<std::string> stringList(const json& args, const char* name) {
  const json* value = find(args, name);
  std::vector<std::string> out;
  if (!value) return out;
  if (!value->is_array()) badArgument(name, "an array of strings");
  for (const auto& item : *value) {
    if (!item.is_string()) badArgument(name, "an array of strings");
    out.push_back(item.get<std::string>());
  }
  return out;
}

std::vector<int> int32List(const json& args, const char* name) {
  const json* value = find(args, name);
  std::vector<int> out;
  if (!value) return out;
  if (!value->is_array()) badArgument(name, "an array of integers");
  for (const auto& item : *value) {
    if (!item.is_number_integer()) badArgument(name, "an array of integers");
    out.push_back(static_cast<int>(integerIn(item, name, kIntLowest, kIntHighest)));
  }
  return out;
}

uint64_t requireAddress(const json& args, const char* name) {
  const json* value = find(args, name);
  if (value && value->is_number_unsigned()) return value->get<uint64_t>();
  if (value && value->is_number_integer() && value->get<int64_t>() >= 0) return value->get<uint64_t>();
  if (value && value->is_string()) {
    const std::string text = value->get<std::string>();
    char* end = nullptr;
    unsigned long long parsed = std::strtoull(text.c_str(), &end, 0);
    if (!text.empty() && end && *end == '\0') return parsed;
  }
  badArgument(name, "an address (a number or a \"0x...\" string)");
}

json address(uint64_t value) {
  if (value < (uint64_t(1) << 53)) return value;
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace rwd::args
