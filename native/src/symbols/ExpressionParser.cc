// ExpressionParser: precedence-climbing parser for evaluate expressions.
#include "symbols/ExpressionParser.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "core/DebugError.h"

namespace rwd {

namespace {

int precedence(const std::string& op) {
  if (op == "||") return 1;
  if (op == "&&") return 2;
  if (op == "|") return 3;
  if (op == "^") return 4;
  if (op == "&") return 5;
  if (op == "==" || op == "!=") return 6;
  if (op == "<" || op == ">" || op == "<=" || op == ">=") return 7;
  if (op == "<<" || op == ">>") return 8;
  if (op == "@") return 9;  // gdb's artificial array: `*p@n+1` counts n+1, `x@2<<1` shifts the array (refused)
  if (op == "+" || op == "-") return 10;
  if (op == "*" || op == "/" || op == "%") return 11;
  return 0;
}

bool isBaseWord(const std::string& word) {
  static const char* const kWords[] = {"unsigned", "signed",   "short",   "long",     "int",
                                       "char",     "float",    "double",  "_Bool",    "bool",
                                       "void",     "__int128", "wchar_t", "char16_t", "char32_t"};
  return std::find_if(std::begin(kWords), std::end(kWords), [&](const char* known) { return word == known; }) !=
         std::end(kWords);
}

bool isQualifier(const std::string& word) { return word == "const" || word == "volatile"; }

// The value of an escape sequence body after the backslash; `length` gets
// how many characters it used.
unsigned char escapeValue(const std::string& body, size_t at, size_t* length) {
  const char escape = body[at];
  *length = 1;
  switch (escape) {
    case 'n':
      return '\n';
    case 't':
      return '\t';
    case 'r':
      return '\r';
    case 'a':
      return '\a';
    case 'b':
      return '\b';
    case 'f':
      return '\f';
    case 'v':
      return '\v';
    case 'x': {
      size_t end = at + 1;
      while (end < body.size() && end < at + 3 && std::isxdigit(static_cast<unsigned char>(body[end]))) ++end;
      *length = end - at;
      return static_cast<unsigned char>(std::strtoul(body.substr(at + 1, end - at - 1).c_str(), nullptr, 16));
    }
    default:
      if (escape >= '0' && escape <= '7') {
        size_t end = at;
        while (end < body.size() && end < at + 3 && body[end] >= '0' && body[end] <= '7') ++end;
        *length = end - at;
        return static_cast<unsigned char>(std::strtoul(body.substr(at, end - at).c_str(), nullptr, 8));
      }
      return static_cast<unsigned char>(escape);  // \\ \' \" and the rest as themselves
  }
}

std::string unescape(const std::string& body) {
  std::string out;
  for (size_t i = 0; i < body.size();) {
    if (body[i] != '\\' || i + 1 >= body.size()) {
      out += body[i++];
      continue;
    }
    size_t length = 0;
    out += static_cast<char>(escapeValue(body, i + 1, &length));
    i += 1 + length;
  }
  return out;
}

}  // namespace

ParsedExpression ExpressionParser::parse(const std::string& source, const TypeNameCheck& isTypeName) {
  ExpressionParser parser(source, isTypeName);
  parser.advance();
  if (parser.token_.kind == ExpressionToken::Kind::End)
    throw DebugError(DebugError::BadExpression, "The expression is empty.");
  ParsedExpression out;
  out.tree = parser.assignment();
  if (parser.accept(",")) out.format = parser.formatSpecifier();
  if (parser.token_.kind != ExpressionToken::Kind::End) parser.fail("unexpected '" + parser.token_.text + "'");
  return out;
}

FormatOptions ExpressionParser::formatSpecifier() {
  FormatOptions format;
  const std::string text = token_.text;
  if (token_.kind == ExpressionToken::Kind::Name && (text == "x" || text == "X" || text == "h" || text == "hex")) {
    format.hex = true;
  } else if ((token_.kind == ExpressionToken::Kind::Name && (text == "raw" || text == "r")) ||
             (token_.kind == ExpressionToken::Kind::Punctuator && text == "!")) {
    format.raw = true;
  } else {
    fail(token_.kind == ExpressionToken::Kind::End ? "expected a format (x or raw) after ','"
                                                   : "unknown format '" + text + "' (use x or raw)");
  }
  advance();
  return format;
}

bool ExpressionParser::isPunctuator(const char* text) const {
  return token_.kind == ExpressionToken::Kind::Punctuator && token_.text == text;
}

bool ExpressionParser::accept(const char* punctuator) {
  if (!isPunctuator(punctuator)) return false;
  advance();
  return true;
}

void ExpressionParser::expect(const char* punctuator) {
  if (accept(punctuator)) return;
  if (token_.kind == ExpressionToken::Kind::End)
    fail(std::string("expected '") + punctuator + "' but the expression ends");
  fail(std::string("expected '") + punctuator + "' but found '" + token_.text + "'");
}

ExpressionParser::Nesting::Nesting(ExpressionParser& parser) : parser_(parser) {
  if (++parser_.nesting_ > kMaxNesting) {
    --parser_.nesting_;
    parser_.failTooDeep();
  }
}

void ExpressionParser::failTooDeep() const {
  throw DebugError(DebugError::BadExpression, "The expression is nested too deeply (more than " +
                                                  std::to_string(kMaxNesting) +
                                                  " levels of parentheses, operators or casts).");
}

void ExpressionParser::measure(ExpressionNode& node) const {
  int below = 0;
  for (const auto* child : {&node.left, &node.right, &node.otherwise}) {
    if (*child) below = std::max(below, (*child)->depth);
  }
  for (const auto& argument : node.arguments) below = std::max(below, argument->depth);
  node.depth = below + 1;
  if (node.depth > kMaxNesting) failTooDeep();
}

std::unique_ptr<ExpressionNode> ExpressionParser::node(ExpressionNode::Kind kind, size_t begin) {
  auto out = std::make_unique<ExpressionNode>();
  out->kind = kind;
  out->begin = begin;
  return out;
}

std::unique_ptr<ExpressionNode> ExpressionParser::assignment() {
  auto target = conditional();
  if (!isPunctuator("=")) return target;
  auto out = node(ExpressionNode::Kind::Assign, target->begin);
  out->text = "=";
  advance();
  {
    Nesting level(*this);
    out->right = assignment();
  }
  out->end = out->right->end;
  out->left = std::move(target);
  measure(*out);
  return out;
}

std::unique_ptr<ExpressionNode> ExpressionParser::conditional() {
  auto condition = binary(1);
  if (!isPunctuator("?")) return condition;
  auto out = node(ExpressionNode::Kind::Conditional, condition->begin);
  advance();
  Nesting level(*this);
  out->right = assignment();
  expect(":");
  out->otherwise = conditional();
  out->end = out->otherwise->end;
  out->left = std::move(condition);
  measure(*out);
  return out;
}

std::unique_ptr<ExpressionNode> ExpressionParser::binary(int minimumPrecedence) {
  auto left = unary();
  for (;;) {
    if (token_.kind != ExpressionToken::Kind::Punctuator) return left;
    const int level = precedence(token_.text);
    if (level == 0 || level < minimumPrecedence) return left;
    auto out = node(ExpressionNode::Kind::Binary, left->begin);
    out->text = token_.text;
    advance();
    out->right = binary(level + 1);
    out->end = out->right->end;
    out->left = std::move(left);
    measure(*out);
    left = std::move(out);
  }
}

bool ExpressionParser::typeInParentheses(ExpressionNode& out) {
  const size_t savedPosition = lexer_.position();
  const ExpressionToken savedToken = token_;
  auto restore = [&] {
    lexer_.rewind(savedPosition);
    token_ = savedToken;
    return false;
  };
  while (token_.kind == ExpressionToken::Kind::Name && isQualifier(token_.text)) advance();
  if (token_.kind != ExpressionToken::Kind::Name) return restore();
  std::string base;
  bool certain = false;  // spelled with keywords: a type whatever the program defines
  const std::string& word = token_.text;
  if (word == "struct" || word == "union" || word == "enum" || word == "class") {
    base = word + " ";
    advance();
    if (token_.kind != ExpressionToken::Kind::Name) return restore();
    certain = true;
  }
  if (isBaseWord(token_.text) && base.empty()) {
    while (token_.kind == ExpressionToken::Kind::Name && (isBaseWord(token_.text) || isQualifier(token_.text))) {
      if (!isQualifier(token_.text)) base += (base.empty() ? "" : " ") + token_.text;
      advance();
    }
    certain = true;
  } else {
    // A qualified name, with template arguments and nested names after them.
    for (;;) {
      base += token_.text;
      if (auto arguments = lexer_.templateArguments()) base += *arguments;
      advance();
      if (token_.kind != ExpressionToken::Kind::Name || token_.text.rfind("::", 0) != 0) break;
    }
  }
  for (;;) {
    if (isPunctuator("*")) {
      ++out.pointerDepth;
    } else if (isPunctuator("&") || isPunctuator("&&")) {
      out.reference = true;
    } else if (!(token_.kind == ExpressionToken::Kind::Name && isQualifier(token_.text))) {
      break;
    }
    advance();
  }
  if (!isPunctuator(")")) return restore();
  if (!certain && (!isTypeName_ || !isTypeName_(base))) return restore();
  out.text = base;
  advance();
  return true;
}

std::unique_ptr<ExpressionNode> ExpressionParser::unary() {
  Nesting level(*this);
  const size_t begin = token_.begin;
  if (token_.kind == ExpressionToken::Kind::Punctuator) {
    for (const char* op : {"*", "&", "-", "+", "!", "~"}) {
      if (token_.text != op) continue;
      auto out = node(ExpressionNode::Kind::Unary, begin);
      out->text = op;
      advance();
      out->left = unary();
      out->end = out->left->end;
      measure(*out);
      return out;
    }
    if (token_.text == "(") {
      advance();
      auto cast = node(ExpressionNode::Kind::Cast, begin);
      if (typeInParentheses(*cast)) {
        cast->left = unary();
        cast->end = cast->left->end;
        measure(*cast);
        return cast;
      }
      auto inner = assignment();
      const size_t end = token_.end;
      expect(")");
      inner->begin = begin;
      inner->end = end;
      return postfix(std::move(inner));
    }
  }
  if (token_.kind == ExpressionToken::Kind::Name && token_.text == "sizeof") {
    advance();
    if (isPunctuator("(")) {
      const size_t savedPosition = lexer_.position();
      const ExpressionToken savedToken = token_;
      advance();
      auto sizeofType = node(ExpressionNode::Kind::SizeofType, begin);
      if (typeInParentheses(*sizeofType)) {
        sizeofType->end = token_.begin;
        return sizeofType;
      }
      lexer_.rewind(savedPosition);
      token_ = savedToken;
    }
    auto out = node(ExpressionNode::Kind::SizeofValue, begin);
    out->left = unary();
    out->end = out->left->end;
    measure(*out);
    return out;
  }
  return postfix(primary());
}

std::unique_ptr<ExpressionNode> ExpressionParser::call(std::unique_ptr<ExpressionNode> method) {
  auto out = node(ExpressionNode::Kind::Call, method->begin);
  advance();  // (
  if (!isPunctuator(")")) {
    out->right = assignment();
    if (isPunctuator(",")) fail("'" + method->text + "' takes at most one argument here");
  }
  out->end = token_.end;
  expect(")");
  out->left = std::move(method);
  return out;
}

std::unique_ptr<ExpressionNode> ExpressionParser::functionCall(std::unique_ptr<ExpressionNode> function) {
  auto out = node(ExpressionNode::Kind::Call, function->begin);
  advance();  // (
  if (!isPunctuator(")")) {
    for (;;) {
      out->arguments.push_back(assignment());
      if (!accept(",")) break;
    }
  }
  out->end = token_.end;
  expect(")");
  out->left = std::move(function);
  measure(*out);
  return out;
}

std::unique_ptr<ExpressionNode> ExpressionParser::postfix(std::unique_ptr<ExpressionNode> operand) {
  for (;;) {
    const bool arrow = isPunctuator("->");
    if (arrow || isPunctuator(".")) {
      advance();
      if (token_.kind != ExpressionToken::Kind::Name) fail("expected a member name");
      auto access = node(arrow ? ExpressionNode::Kind::PointerMember : ExpressionNode::Kind::Member, operand->begin);
      access->text = token_.text;
      access->end = token_.end;
      access->left = std::move(operand);
      measure(*access);
      advance();
      operand = std::move(access);
      if (isPunctuator("(")) operand = call(std::move(operand));
    } else if (isPunctuator("(") && operand->kind == ExpressionNode::Kind::Name) {
      operand = functionCall(std::move(operand));
    } else if (isPunctuator("[")) {
      advance();
      auto index = node(ExpressionNode::Kind::Index, operand->begin);
      index->right = assignment();
      index->end = token_.end;
      expect("]");
      index->left = std::move(operand);
      measure(*index);
      operand = std::move(index);
    } else {
      return operand;
    }
  }
}

std::unique_ptr<ExpressionNode> ExpressionParser::primary() {
  switch (token_.kind) {
    case ExpressionToken::Kind::Name: {
      const std::string& text = token_.text;
      if (text == "true" || text == "false" || text == "nullptr") {
        auto out = node(ExpressionNode::Kind::Integer, token_.begin);
        out->integer = text == "true" ? 1 : 0;
        out->longLiteral = text == "nullptr";
        out->end = token_.end;
        advance();
        return out;
      }
      auto out = node(ExpressionNode::Kind::Name, token_.begin);
      out->text = text;
      out->end = token_.end;
      advance();
      return out;
    }
    case ExpressionToken::Kind::Integer:
    case ExpressionToken::Kind::Float:
    case ExpressionToken::Kind::Character:
    case ExpressionToken::Kind::String:
      return literal();
    case ExpressionToken::Kind::Punctuator:
      fail("unexpected '" + token_.text + "'");
    case ExpressionToken::Kind::End:
      fail("the expression ends too early");
  }
  fail("unexpected input");
}

std::unique_ptr<ExpressionNode> ExpressionParser::literal() {
  auto out = node(ExpressionNode::Kind::Integer, token_.begin);
  out->end = token_.end;
  const std::string text = token_.text;
  if (token_.kind == ExpressionToken::Kind::Float) {
    out->kind = ExpressionNode::Kind::Float;
    out->real = std::strtod(text.c_str(), nullptr);
  } else if (token_.kind == ExpressionToken::Kind::String) {
    out->kind = ExpressionNode::Kind::String;
    out->text = unescape(text.substr(1, text.size() - 2));
  } else if (token_.kind == ExpressionToken::Kind::Character) {
    const std::string body = text.substr(1, text.size() - 2);
    if (body.empty()) fail("empty character literal");
    if (body[0] != '\\') {
      out->integer = static_cast<unsigned char>(body[0]);
    } else if (body.size() >= 2) {
      size_t length = 0;
      out->integer = escapeValue(body, 1, &length);
    } else {
      fail("unknown escape in a character literal");
    }
  } else {
    size_t digitsEnd = text.find_first_of("uUlL");
    std::string digits = text.substr(0, digitsEnd);
    const std::string suffix = digitsEnd == std::string::npos ? "" : text.substr(digitsEnd);
    int base = 10;
    size_t skip = 0;
    if (digits.size() > 2 && (digits[1] == 'x' || digits[1] == 'X')) {
      base = 16;
      skip = 2;
    } else if (digits.size() > 1 && digits[0] == '0') {
      base = 8;
      skip = 1;
    }
    auto result = std::from_chars(digits.data() + skip, digits.data() + digits.size(), out->integer, base);
    if (result.ec != std::errc() || result.ptr != digits.data() + digits.size()) fail("bad number '" + text + "'");
    out->unsignedLiteral = suffix.find_first_of("uU") != std::string::npos;
    out->longLiteral = suffix.find_first_of("lL") != std::string::npos || out->integer > 0x7fffffffull;
  }
  advance();
  return out;
}

bool ExpressionParser::changesNothing(const ExpressionNode& node) {
  if (node.kind == ExpressionNode::Kind::Assign || node.kind == ExpressionNode::Kind::Call) return false;
  for (const auto* child : {node.left.get(), node.right.get(), node.otherwise.get()}) {
    if (child && !changesNothing(*child)) return false;
  }
  return true;
}

}  // namespace rwd
