// ConditionText: conditions and their errors cut to a readable length.
#include "control/ConditionText.h"

namespace rwd {

namespace {

constexpr size_t kConditionShown = 80;
constexpr size_t kReasonShown = 300;

}  // namespace

std::string shortenedText(const std::string& text, size_t limit) {
  if (text.size() <= limit) return text;
  size_t cut = limit;
  // Not inside a UTF-8 character: back to the first byte of one.
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  size_t characters = 0;
  for (char byte : text) characters += (static_cast<unsigned char>(byte) & 0xC0) != 0x80;
  return text.substr(0, cut) + "… (" + std::to_string(characters) + " characters)";
}

std::string conditionFailure(const std::string& condition, const std::string& reason) {
  return "condition '" + shortenedText(condition, kConditionShown) +
         "' could not be evaluated: " + shortenedText(reason, kReasonShown);
}

}  // namespace rwd
