// ExpressionLexer: the tokens of an evaluate expression — names (with C++
// `::`, and `$rip`-style register names), integer, floating, character and
// string literals, and C punctuators — with their columns, plus the raw
// scan of a template argument list ("<int, std::allocator<int> >") that
// type names in casts need. A bad character is a DebugError(BadExpression)
// that points at it.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

namespace rwd {

struct ExpressionToken {
  enum class Kind { Name, Integer, Float, Character, String, Punctuator, End };
  Kind kind = Kind::End;
  std::string text;
  size_t begin = 0;
  size_t end = 0;
};

class ExpressionLexer {
 public:
  explicit ExpressionLexer(const std::string& source) : source_(source) {}
  // Reads the token at the current position.
  ExpressionToken next();
  size_t position() const { return position_; }
  void rewind(size_t position) { position_ = position; }
  // At a '<' (after spaces): the text up to its matching '>' included, and
  // the position after it; nullopt when there is no '<' or no match.
  std::optional<std::string> templateArguments();
  [[noreturn]] void fail(const std::string& message, size_t column) const;

 private:
  const std::string& source_;
  size_t position_ = 0;
};

}  // namespace rwd
