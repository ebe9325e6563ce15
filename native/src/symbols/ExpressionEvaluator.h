// ExpressionEvaluator: runs an ExpressionNode tree against a frame —
// names through a lookup, member access, indexing, `*` and `&` through the
// ValueNavigator, and C arithmetic on scalars and pointers (results are
// computed scalars). Errors are RequestError(BadRequest) naming the part
// of the expression at fault.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "symbols/ExpressionParser.h"
#include "symbols/Value.h"
#include "symbols/ValueNavigator.h"

namespace rwd {

class ExpressionEvaluator {
 public:
  using NameLookup = std::function<std::optional<Value>(const std::string&)>;

  ExpressionEvaluator(ValueNavigator& navigator, NameLookup lookup, const std::string& source)
      : navigator_(navigator), lookup_(std::move(lookup)), source_(source) {}
  Value evaluate(const ExpressionNode& node);

 private:
  // A scalar operand of arithmetic.
  struct Number {
    enum class Kind { Signed, Unsigned, Float, Pointer };
    Kind kind = Kind::Signed;
    int size = 4;
    int64_t integer = 0;  // Signed, Unsigned (as bits), Pointer (address)
    long double real = 0;
    TypeRef pointerType;  // Pointer
  };

  [[noreturn]] void fail(const std::string& message) const;
  std::string textOf(const ExpressionNode& node) const;
  Value member(const ExpressionNode& node);
  Value index(const ExpressionNode& node);
  Value dereference(const ExpressionNode& node);
  Value addressOf(const ExpressionNode& node);
  Value unary(const ExpressionNode& node);
  Value binary(const ExpressionNode& node);
  Number number(const ExpressionNode& node, const Value& value);
  int64_t integerOf(const ExpressionNode& node, const Value& value);
  uint64_t pointerTarget(const ExpressionNode& node, const Value& pointer);
  static Value integerValue(int64_t value, bool isUnsigned, int size);
  static Value floatValue(long double value);
  static bool truthy(const Number& number);

  ValueNavigator& navigator_;
  NameLookup lookup_;
  const std::string& source_;
};

}  // namespace rwd
