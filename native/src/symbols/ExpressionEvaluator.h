// ExpressionEvaluator: runs an ExpressionNode tree against a frame — names
// through a lookup, member access, indexing, `*` and `&` through the
// ValueNavigator (and through the type formatters for `v[i]` on vectors,
// `*p` on smart pointers and optionals, fields of Rust enum variants),
// gdb's artificial arrays `*p@n`, casts and sizeof through a type lookup, C arithmetic on scalars and
// pointers (results are computed scalars), `?:`, assignment through a
// writer when one is given, and calls of the program's functions through a
// hook (FunctionCallEvaluator) when one is given. Errors are DebugError(BadExpression) naming the
// part of the expression at fault.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "symbols/ExpressionParser.h"
#include "symbols/Value.h"
#include "symbols/ValueNavigator.h"
#include "symbols/formatters/FormatterRegistry.h"

namespace rwd {

class ExpressionEvaluator;

struct ExpressionHooks {
  // A name's value; nullopt when nothing has that name.
  std::function<std::optional<Value>(const std::string&)> lookup;
  // A type by name (casts, sizeof); nullopt when unknown.
  std::function<std::optional<TypeRef>(const std::string&)> findType;
  FormatterRegistry* formatters = nullptr;  // with `tools`: container elements, smart pointers
  FormatterTools* tools = nullptr;
  // C++ and Rust: comparisons and `!`, `&&`, `||` give a bool (true/false), as
  // in those languages; C gives an int.
  bool booleanResults = false;
  // `target = value`: writes and returns the new value; empty: assignment is refused.
  std::function<Value(const Value& target, const ExpressionNode& targetNode, const ExpressionNode& value,
                      ExpressionEvaluator& evaluator)>
      assign;
  // `f(a, b)`: calls the program's function (see FunctionCallEvaluator); empty: refused.
  std::function<Value(const ExpressionNode& call, ExpressionEvaluator& evaluator)> callFunction;
};

class ExpressionEvaluator {
 public:
  // A scalar operand of arithmetic.
  struct Number {
    enum class Kind { Signed, Unsigned, Float, Pointer };
    Kind kind = Kind::Signed;
    int size = 4;
    int64_t integer = 0;  // Signed, Unsigned (as bits), Pointer (address)
    long double real = 0;
    TypeRef pointerType;  // Pointer
  };

  ExpressionEvaluator(ValueNavigator& navigator, ExpressionHooks hooks, const std::string& source)
      : navigator_(navigator), hooks_(std::move(hooks)), source_(source) {}
  Value evaluate(const ExpressionNode& node);
  // `value` (the result of `node`) as a number; fails when it is not one.
  Number number(const ExpressionNode& node, const Value& value);
  // Whether `value` (the result of `node`) is true as C judges a
  // condition: a non-zero integer, bool, enum (whatever its enumerator's
  // name), character, float or pointer. A struct, union or class is
  // neither: that fails with a sentence saying so.
  bool isTrue(const ExpressionNode& node, const Value& value);
  std::string textOf(const ExpressionNode& node) const;
  [[noreturn]] void fail(const std::string& message) const;
  // The bytes of `number` converted to a scalar type (base type, enum,
  // pointer) of `size` bytes; nullopt when the type is not a scalar.
  static std::optional<std::vector<uint8_t>> convert(const Number& number, const TypeRef& type, uint64_t size);
  // Where the base class `base` starts inside `derived`, searching bases of bases.
  static std::optional<uint64_t> baseOffset(const TypeRef& derived, const TypeRef& base);

 private:
  Value name(const ExpressionNode& node);
  // The struct that `node` (a Member or PointerMember) reaches into.
  Value objectOf(const ExpressionNode& node);
  Value member(const ExpressionNode& node);
  Value call(const ExpressionNode& node);
  Value index(const ExpressionNode& node);
  Value keyedByText(const ExpressionNode& node, const Value& base);
  Value dereference(const ExpressionNode& node);
  Value addressOf(const ExpressionNode& node);
  // gdb's `x@n`: n values of x's type from x's address on (x must be in memory).
  Value artificialArray(const ExpressionNode& node);
  static constexpr uint64_t kMaxArtificialBytes = 256ull << 20;
  Value unary(const ExpressionNode& node);
  Value binary(const ExpressionNode& node);
  Value cast(const ExpressionNode& node);
  Value size(const ExpressionNode& node);
  TypeRef typeOf(const ExpressionNode& node);
  // What a formatter says `*value` is (smart pointers, optionals); nullopt
  // when no formatter applies.
  std::optional<Value> formattedTarget(const ExpressionNode& node, const Value& value);
  int64_t integerOf(const ExpressionNode& node, const Value& value);
  uint64_t pointerTarget(const ExpressionNode& node, const Value& pointer);
  static Value integerValue(int64_t value, bool isUnsigned, int size);
  // The result of a comparison or logical operator (see booleanResults).
  Value truthValue(bool value) const;
  static Value floatValue(long double value);
  static bool truthy(const Number& number);

  ValueNavigator& navigator_;
  ExpressionHooks hooks_;
  const std::string& source_;
};

}  // namespace rwd
