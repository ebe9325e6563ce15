// LogMessage: a logpoint's message split into its literal text and its
// `{expression}` parts (`{{` and `}}` are literal braces; a `{` with no `}`
// after it is literal too) — one reading of the syntax for both paths that
// print it: the debugger's (evaluating each part at a stop) and the
// kernel's ring buffer (ProbeLogs).
#pragma once

#include <string>
#include <vector>

namespace rwd {

struct LogMessagePart {
  bool isExpression = false;
  std::string text;  // the literal text, or the expression between the braces
};

class LogMessage {
 public:
  static std::vector<LogMessagePart> parse(const std::string& message);
};

}  // namespace rwd
