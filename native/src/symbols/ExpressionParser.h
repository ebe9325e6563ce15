// ExpressionParser: the expressions that evaluate, watch, hover,
// setExpression and breakpoint conditions accept, parsed into a tree —
// names (with C++ `::`, `this`, `$rip`-style registers), integer,
// floating, character and string literals, member access `.` and `->`,
// indexing `[n]`, unary `* & - + ! ~`, casts to named types `(T)x`,
// `(T *)p`, `(ns::Point &)v`, `sizeof(type)` and `sizeof expr`, the C
// binary operators with C precedence, gdb's artificial array `*p@n`
// (binding below `+` and above `<<`, as gdb's grammar has it), `c ? a : b`
// and assignment `a = b`.
// A trailing format specifier asks for hex (`x,x`) or the raw structure
// (`v,raw`). A bad expression is a DebugError(BadExpression) that points
// at the problem; so is one nested more than kMaxNesting levels deep (the
// parser, the evaluator and the tree's own destruction recurse once per
// level, and no input may exhaust the helper's stack).
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "symbols/ExpressionLexer.h"
#include "symbols/FormatOptions.h"

namespace rwd {

struct ExpressionNode {
  enum class Kind {
    Name,
    Integer,
    Float,
    String,
    Member,
    PointerMember,
    Index,
    Unary,
    Binary,
    Cast,
    SizeofType,
    SizeofValue,
    Conditional,
    Assign,
    // `v.size()`, `p->at(2)`: left is the Member / PointerMember, right the argument (if any);
    // `f(a, b)`: left is the function's Name, the arguments in `arguments`
    Call
  };
  Kind kind = Kind::Name;
  // The name, member, operator, string literal's bytes, or (Cast,
  // SizeofType) the type's name without its `*`s and `&`.
  std::string text;
  int pointerDepth = 0;    // Cast, SizeofType: how many `*` follow the type name
  bool reference = false;  // Cast: `(T &)x`
  uint64_t integer = 0;
  bool unsignedLiteral = false;
  bool longLiteral = false;  // does not fit an int, or has an L suffix
  double real = 0;
  std::unique_ptr<ExpressionNode> left;                    // operand, object, condition, or left side
  std::unique_ptr<ExpressionNode> right;                   // index, right side, or the `?` branch
  std::unique_ptr<ExpressionNode> otherwise;               // Conditional: the `:` branch
  std::vector<std::unique_ptr<ExpressionNode>> arguments;  // Call of a function by name
  size_t begin = 0;                                        // source span, for messages
  size_t end = 0;
  int depth = 1;  // levels of the tree below and including this node
};

struct ParsedExpression {
  std::unique_ptr<ExpressionNode> tree;
  FormatOptions format;  // from a trailing `,x` / `,raw`
};

class ExpressionParser {
 public:
  // Whether a name (without `*`, `&`) names a type here: it decides that
  // `(point_t)x` is a cast while `(count)` is a parenthesized name.
  using TypeNameCheck = std::function<bool(const std::string&)>;

  static ParsedExpression parse(const std::string& source, const TypeNameCheck& isTypeName = {});
  // Whether evaluating the tree only reads the program: no assignment and no
  // call (methods of library types are computed from data today; a call of
  // one of the program's functions would run code).
  static bool changesNothing(const ExpressionNode& node);
  // How deep an expression may nest: parentheses, unary operators and
  // casts, indexes, `?:` and `=` chains, and operator chains (`a+b+…`
  // is a tree as deep as it is long).
  static constexpr int kMaxNesting = 256;

 private:
  // Counts one level of the parser's recursion while it lives.
  class Nesting {
   public:
    explicit Nesting(ExpressionParser& parser);
    ~Nesting() { --parser_.nesting_; }
    Nesting(const Nesting&) = delete;
    Nesting& operator=(const Nesting&) = delete;

   private:
    ExpressionParser& parser_;
  };

  ExpressionParser(const std::string& source, const TypeNameCheck& isTypeName)
      : source_(source), lexer_(source), isTypeName_(isTypeName) {}
  void advance() { token_ = lexer_.next(); }
  [[noreturn]] void fail(const std::string& message) const { lexer_.fail(message, token_.begin); }
  bool isPunctuator(const char* text) const;
  bool accept(const char* punctuator);
  void expect(const char* punctuator);
  std::unique_ptr<ExpressionNode> node(ExpressionNode::Kind kind, size_t begin);
  // Sets the depth of a node whose children are in place; fails past kMaxNesting.
  void measure(ExpressionNode& node) const;
  [[noreturn]] void failTooDeep() const;
  std::unique_ptr<ExpressionNode> assignment();
  std::unique_ptr<ExpressionNode> conditional();
  std::unique_ptr<ExpressionNode> binary(int minimumPrecedence);
  std::unique_ptr<ExpressionNode> unary();
  std::unique_ptr<ExpressionNode> postfix(std::unique_ptr<ExpressionNode> operand);
  std::unique_ptr<ExpressionNode> call(std::unique_ptr<ExpressionNode> method);
  std::unique_ptr<ExpressionNode> functionCall(std::unique_ptr<ExpressionNode> function);
  std::unique_ptr<ExpressionNode> primary();
  std::unique_ptr<ExpressionNode> literal();
  // At the token after `(`: a type name followed by `)`, consumed; else
  // nothing is consumed. Fills `out` (text, pointerDepth, reference).
  bool typeInParentheses(ExpressionNode& out);
  FormatOptions formatSpecifier();

  const std::string& source_;
  ExpressionLexer lexer_;
  const TypeNameCheck& isTypeName_;
  ExpressionToken token_;
  int nesting_ = 0;
};

}  // namespace rwd
