// JsonArgs: typed access to a request's "args" object. A missing or
// mistyped argument throws RequestError(BadRequest) naming the argument, so
// handlers never see malformed input.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace rwd::args {

using nlohmann::json;

std::string requireString(const json& args, const char* name);
std::optional<std::string> optionalString(const json& args, const char* name);
int64_t requireInt(const json& args, const char* name);
int64_t intOr(const json& args, const char* name, int64_t fallback);
// Integers that must fit an int (line numbers, frame numbers, counts,
// thread ids): a value out of that range is refused with a sentence, never
// narrowed.
int requireInt32(const json& args, const char* name);
int int32Or(const json& args, const char* name, int fallback);
bool boolOr(const json& args, const char* name, bool fallback);
std::vector<std::string> stringList(const json& args, const char* name);
std::vector<int> int32List(const json& args, const char* name);
// An address given as a number or a "0x…" string.
uint64_t requireAddress(const json& args, const char* name);
// Addresses go out as numbers when exact in a double, else as "0x…".
json address(uint64_t value);

}  // namespace rwd::args
