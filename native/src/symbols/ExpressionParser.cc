// ExpressionParser: tokenizer and precedence-climbing parser for evaluate.
#include "symbols/ExpressionParser.h"

#include <cctype>
#include <charconv>
#include <cstdlib>
#include <cstring>

#include "protocol/RequestError.h"

namespace rwd {

namespace {

const char* const kPunctuators[] = {"->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", ".", "[", "]", "(", ")",
                                    "*",  "&",  "-",  "+",  "!",  "~",  "/",  "%",  "<",  ">", "^", "|"};

int precedence(const std::string& op) {
  if (op == "||") return 1;
  if (op == "&&") return 2;
  if (op == "|") return 3;
  if (op == "^") return 4;
  if (op == "&") return 5;
  if (op == "==" || op == "!=") return 6;
  if (op == "<" || op == ">" || op == "<=" || op == ">=") return 7;
  if (op == "<<" || op == ">>") return 8;
  if (op == "+" || op == "-") return 9;
  if (op == "*" || op == "/" || op == "%") return 10;
  return 0;
}

bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool isNamePart(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

}  // namespace

std::unique_ptr<ExpressionNode> ExpressionParser::parse(const std::string& source) {
  ExpressionParser parser(source);
  parser.advance();
  if (parser.token_.kind == Token::Kind::End) throw RequestError("BadRequest", "The expression is empty.");
  auto tree = parser.binary(1);
  if (parser.token_.kind != Token::Kind::End) parser.fail("unexpected '" + parser.token_.text + "'");
  return tree;
}

void ExpressionParser::fail(const std::string& message) const {
  throw RequestError("BadRequest", "Cannot evaluate '" + source_ + "': " + message + " at column " +
                                       std::to_string(token_.begin + 1) + ".");
}

void ExpressionParser::advance() {
  while (position_ < source_.size() && std::isspace(static_cast<unsigned char>(source_[position_]))) ++position_;
  token_ = Token{};
  token_.begin = position_;
  if (position_ >= source_.size()) {
    token_.end = position_;
    return;
  }
  const char c = source_[position_];
  auto take = [&](Token::Kind kind, size_t end) {
    token_.kind = kind;
    token_.text = source_.substr(position_, end - position_);
    token_.end = end;
    position_ = end;
  };
  if (isNameStart(c) || (c == ':' && position_ + 2 < source_.size() && source_[position_ + 1] == ':')) {
    size_t end = position_;
    for (;;) {
      if (end + 1 < source_.size() && source_[end] == ':' && source_[end + 1] == ':') end += 2;
      if (end >= source_.size() || !isNameStart(source_[end])) break;
      while (end < source_.size() && isNamePart(source_[end])) ++end;
      if (!(end + 1 < source_.size() && source_[end] == ':' && source_[end + 1] == ':')) break;
    }
    return take(Token::Kind::Name, end);
  }
  const bool startsNumber = std::isdigit(static_cast<unsigned char>(c)) ||
                            (c == '.' && position_ + 1 < source_.size() &&
                             std::isdigit(static_cast<unsigned char>(source_[position_ + 1])));
  if (startsNumber) {
    size_t end = position_;
    bool isFloat = false;
    const bool isHex = c == '0' && end + 1 < source_.size() && (source_[end + 1] == 'x' || source_[end + 1] == 'X');
    if (isHex) end += 2;
    while (end < source_.size()) {
      const char d = source_[end];
      if (std::isxdigit(static_cast<unsigned char>(d)) && (isHex || std::isdigit(static_cast<unsigned char>(d)))) {
        ++end;
      } else if (!isHex && d == '.') {
        isFloat = true;
        ++end;
      } else if (!isHex && (d == 'e' || d == 'E')) {
        isFloat = true;
        ++end;
        if (end < source_.size() && (source_[end] == '+' || source_[end] == '-')) ++end;
      } else {
        break;
      }
    }
    while (end < source_.size() && std::strchr("uUlLfF", source_[end])) ++end;
    return take(isFloat ? Token::Kind::Float : Token::Kind::Integer, end);
  }
  if (c == '\'') {
    size_t end = position_ + 1;
    while (end < source_.size() && source_[end] != '\'') end += source_[end] == '\\' ? 2 : 1;
    if (end >= source_.size()) {
      token_.text = source_.substr(position_);
      fail("unterminated character literal");
    }
    return take(Token::Kind::Character, end + 1);
  }
  for (const char* punctuator : kPunctuators) {
    const size_t length = std::strlen(punctuator);
    if (source_.compare(position_, length, punctuator) == 0) return take(Token::Kind::Punctuator, position_ + length);
  }
  token_.text = std::string(1, c);
  fail("unexpected character '" + token_.text + "'");
}

bool ExpressionParser::accept(const char* punctuator) {
  if (token_.kind != Token::Kind::Punctuator || token_.text != punctuator) return false;
  advance();
  return true;
}

void ExpressionParser::expect(const char* punctuator) {
  if (accept(punctuator)) return;
  if (token_.kind == Token::Kind::End) fail(std::string("expected '") + punctuator + "' but the expression ends");
  fail(std::string("expected '") + punctuator + "' but found '" + token_.text + "'");
}

std::unique_ptr<ExpressionNode> ExpressionParser::binary(int minimumPrecedence) {
  auto left = unary();
  for (;;) {
    if (token_.kind != Token::Kind::Punctuator) return left;
    const int level = precedence(token_.text);
    if (level == 0 || level < minimumPrecedence) return left;
    auto node = std::make_unique<ExpressionNode>();
    node->kind = ExpressionNode::Kind::Binary;
    node->text = token_.text;
    advance();
    node->right = binary(level + 1);
    node->begin = left->begin;
    node->end = node->right->end;
    node->left = std::move(left);
    left = std::move(node);
  }
}

std::unique_ptr<ExpressionNode> ExpressionParser::unary() {
  if (token_.kind == Token::Kind::Punctuator) {
    for (const char* op : {"*", "&", "-", "+", "!", "~"}) {
      if (token_.text != op) continue;
      auto node = std::make_unique<ExpressionNode>();
      node->kind = ExpressionNode::Kind::Unary;
      node->text = op;
      node->begin = token_.begin;
      advance();
      node->left = unary();
      node->end = node->left->end;
      return node;
    }
  }
  return postfix();
}

std::unique_ptr<ExpressionNode> ExpressionParser::postfix() {
  auto node = primary();
  for (;;) {
    const bool arrow = token_.kind == Token::Kind::Punctuator && token_.text == "->";
    if (arrow || (token_.kind == Token::Kind::Punctuator && token_.text == ".")) {
      advance();
      if (token_.kind != Token::Kind::Name) fail("expected a member name");
      auto access = std::make_unique<ExpressionNode>();
      access->kind = arrow ? ExpressionNode::Kind::PointerMember : ExpressionNode::Kind::Member;
      access->text = token_.text;
      access->begin = node->begin;
      access->end = token_.end;
      access->left = std::move(node);
      advance();
      node = std::move(access);
    } else if (accept("[")) {
      auto index = std::make_unique<ExpressionNode>();
      index->kind = ExpressionNode::Kind::Index;
      index->right = binary(1);
      index->begin = node->begin;
      index->end = token_.end;
      expect("]");
      index->left = std::move(node);
      node = std::move(index);
    } else {
      return node;
    }
  }
}

std::unique_ptr<ExpressionNode> ExpressionParser::primary() {
  switch (token_.kind) {
    case Token::Kind::Name: {
      auto node = std::make_unique<ExpressionNode>();
      node->kind = ExpressionNode::Kind::Name;
      node->text = token_.text;
      node->begin = token_.begin;
      node->end = token_.end;
      advance();
      return node;
    }
    case Token::Kind::Integer:
    case Token::Kind::Float:
    case Token::Kind::Character:
      return literal();
    case Token::Kind::Punctuator:
      if (token_.text == "(") {
        const size_t begin = token_.begin;
        advance();
        auto inner = binary(1);
        const size_t end = token_.end;
        expect(")");
        inner->begin = begin;
        inner->end = end;
        return inner;
      }
      fail("unexpected '" + token_.text + "'");
    case Token::Kind::End:
      fail("the expression ends too early");
  }
  fail("unexpected input");
}

std::unique_ptr<ExpressionNode> ExpressionParser::literal() {
  auto node = std::make_unique<ExpressionNode>();
  node->begin = token_.begin;
  node->end = token_.end;
  const std::string text = token_.text;
  if (token_.kind == Token::Kind::Float) {
    node->kind = ExpressionNode::Kind::Float;
    node->real = std::strtod(text.c_str(), nullptr);
  } else if (token_.kind == Token::Kind::Character) {
    node->kind = ExpressionNode::Kind::Integer;
    const std::string body = text.substr(1, text.size() - 2);
    if (body.empty()) fail("empty character literal");
    if (body[0] != '\\') {
      node->integer = static_cast<unsigned char>(body[0]);
    } else if (body.size() >= 2) {
      const char escape = body[1];
      switch (escape) {
        case 'n': node->integer = '\n'; break;
        case 't': node->integer = '\t'; break;
        case 'r': node->integer = '\r'; break;
        case 'a': node->integer = '\a'; break;
        case 'b': node->integer = '\b'; break;
        case 'f': node->integer = '\f'; break;
        case 'v': node->integer = '\v'; break;
        case '\\': case '\'': case '"': node->integer = static_cast<unsigned char>(escape); break;
        case 'x': node->integer = std::strtoul(body.c_str() + 2, nullptr, 16) & 0xff; break;
        default:
          if (escape < '0' || escape > '7') fail("unknown escape in a character literal");
          node->integer = std::strtoul(body.c_str() + 1, nullptr, 8) & 0xff;
      }
    }
  } else {
    node->kind = ExpressionNode::Kind::Integer;
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
    auto result = std::from_chars(digits.data() + skip, digits.data() + digits.size(), node->integer, base);
    if (result.ec != std::errc() || result.ptr != digits.data() + digits.size()) fail("bad number '" + text + "'");
    node->unsignedLiteral = suffix.find_first_of("uU") != std::string::npos;
    node->longLiteral = suffix.find_first_of("lL") != std::string::npos || node->integer > 0x7fffffffull;
  }
  advance();
  return node;
}

}  // namespace rwd
