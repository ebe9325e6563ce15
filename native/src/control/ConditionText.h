// ConditionText: how a condition the user wrote is quoted in a stop's
// description when it could not be evaluated — whole when it is short,
// else its start and its length, so that a 10 KB condition does not make a
// 10 KB description (nor does an error message that repeats it).
#pragma once

#include <string>

namespace rwd {

// "condition 'i > 3' could not be evaluated: why", the condition and the
// reason cut to a readable length (at a UTF-8 character boundary).
std::string conditionFailure(const std::string& condition, const std::string& reason);

// `text` whole when it has at most `limit` bytes, else its first bytes (up
// to a character boundary), "…" and how many characters it had
// ("… (10240 characters)").
std::string shortenedText(const std::string& text, size_t limit);

}  // namespace rwd
