// HitCondition: parsing and counting.
#include "control/HitCondition.h"

#include <cctype>
#include <cstdlib>

#include "core/DebugError.h"

namespace rwd {

HitCondition HitCondition::parse(const std::string& text) {
  HitCondition condition;
  size_t at = 0;
  auto skipSpaces = [&] {
    while (at < text.size() && std::isspace(static_cast<unsigned char>(text[at]))) ++at;
  };
  skipSpaces();
  if (at == text.size()) return condition;
  if (text.compare(at, 2, "==") == 0) condition.op_ = Op::Equal, at += 2;
  else if (text.compare(at, 2, ">=") == 0) condition.op_ = Op::AtLeast, at += 2;
  else if (text[at] == '>') condition.op_ = Op::Greater, at += 1;
  else if (text[at] == '%') condition.op_ = Op::Multiple, at += 1;
  else if (text[at] == '=') condition.op_ = Op::Equal, at += 1;
  else condition.op_ = Op::Equal;
  skipSpaces();
  const char* start = text.c_str() + at;
  char* end = nullptr;
  long long value = std::strtoll(start, &end, 10);
  bool valid = end != start && value >= 0 && !(condition.op_ == Op::Multiple && value == 0);
  if (valid) {
    at = static_cast<size_t>(end - text.c_str());
    skipSpaces();
    valid = at == text.size();
  }
  if (!valid) {
    throw DebugError(
        DebugError::BadArgument,
        "The hit condition '" + text +
            "' is not understood; write one like '== 10', '>= 5', '> 2' or '% 3' (a plain '10' means '== 10').");
  }
  condition.operand_ = value;
  return condition;
}

bool HitCondition::countHit() { return holdsAt(++hits_); }

bool HitCondition::holdsAt(int64_t hit) const {
  switch (op_) {
    case Op::Always:
      return true;
    case Op::Equal:
      return hit == operand_;
    case Op::AtLeast:
      return hit >= operand_;
    case Op::Greater:
      return hit > operand_;
    case Op::Multiple:
      return hit > 0 && hit % operand_ == 0;
  }
  return true;
}

}  // namespace rwd
