// LogMessage: splitting a logpoint's message into text and expressions.
#include "control/LogMessage.h"

namespace rwd {

std::vector<LogMessagePart> LogMessage::parse(const std::string& message) {
  std::vector<LogMessagePart> parts;
  auto literal = [&parts](char character) {
    if (parts.empty() || parts.back().isExpression) parts.push_back(LogMessagePart{});
    parts.back().text.push_back(character);
  };
  for (size_t at = 0; at < message.size();) {
    if (message.compare(at, 2, "{{") == 0 || message.compare(at, 2, "}}") == 0) {
      literal(message[at]);
      at += 2;
      continue;
    }
    const size_t close = message[at] == '{' ? message.find('}', at) : std::string::npos;
    if (close == std::string::npos) {
      literal(message[at++]);
      continue;
    }
    parts.push_back(LogMessagePart{true, message.substr(at + 1, close - at - 1)});
    at = close + 1;
  }
  return parts;
}

}  // namespace rwd
