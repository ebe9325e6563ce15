// ExpressionParser: the expressions that `evaluate` accepts, parsed into a
// tree — names (with C++ `::`), integer, floating and character literals,
// member access `.` and `->`, indexing `[n]`, unary `* & - + ! ~`,
// parentheses, and the C binary operators with C precedence. A bad
// expression is a RequestError(BadRequest) that points at the problem.
#pragma once

#include <cstdint>
#include <memory>
#include <string>

namespace rwd {

struct ExpressionNode {
  enum class Kind { Name, Integer, Float, Member, PointerMember, Index, Unary, Binary };
  Kind kind = Kind::Name;
  std::string text;  // the name, the member, or the operator
  uint64_t integer = 0;
  bool unsignedLiteral = false;
  bool longLiteral = false;  // does not fit an int, or has an L suffix
  double real = 0;
  std::unique_ptr<ExpressionNode> left;  // operand, object, or left side
  std::unique_ptr<ExpressionNode> right;  // index or right side
  size_t begin = 0;  // source span, for messages
  size_t end = 0;
};

class ExpressionParser {
 public:
  static std::unique_ptr<ExpressionNode> parse(const std::string& source);

 private:
  struct Token {
    enum class Kind { Name, Integer, Float, Character, Punctuator, End };
    Kind kind = Kind::End;
    std::string text;
    size_t begin = 0;
    size_t end = 0;
  };

  explicit ExpressionParser(const std::string& source) : source_(source) {}
  void advance();
  [[noreturn]] void fail(const std::string& message) const;
  bool accept(const char* punctuator);
  void expect(const char* punctuator);
  std::unique_ptr<ExpressionNode> binary(int minimumPrecedence);
  std::unique_ptr<ExpressionNode> unary();
  std::unique_ptr<ExpressionNode> postfix();
  std::unique_ptr<ExpressionNode> primary();
  std::unique_ptr<ExpressionNode> literal();

  const std::string& source_;
  size_t position_ = 0;
  Token token_;
};

}  // namespace rwd
