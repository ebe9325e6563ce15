// ExpressionLexer: tokenizer of evaluate expressions.
#include "symbols/ExpressionLexer.h"

#include <cctype>
#include <cstring>

#include "core/DebugError.h"

namespace rwd {

namespace {

// Longest first, so that "->" is not read as "-".
const char* const kPunctuators[] = {"->", "<<", ">>", "<=", ">=", "==", "!=", "&&", "||", ".", "[",
                                    "]",  "(",  ")",  "*",  "&",  "-",  "+",  "!",  "~",  "/", "%",
                                    "<",  ">",  "^",  "|",  "?",  ":",  "=",  ",",  "@"};

bool isNameStart(char c) { return std::isalpha(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }
bool isNamePart(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '$'; }

}  // namespace

void ExpressionLexer::fail(const std::string& message, size_t column) const {
  throw DebugError(DebugError::BadExpression,
                   "Cannot evaluate '" + source_ + "': " + message + " at column " + std::to_string(column + 1) + ".");
}

std::optional<std::string> ExpressionLexer::templateArguments() {
  size_t at = position_;
  while (at < source_.size() && std::isspace(static_cast<unsigned char>(source_[at]))) ++at;
  if (at >= source_.size() || source_[at] != '<') return std::nullopt;
  int depth = 0;
  for (size_t i = at; i < source_.size(); ++i) {
    const char c = source_[i];
    if (c == '<') ++depth;
    if (c == '>') --depth;
    if (std::strchr(";?=!|", c)) return std::nullopt;  // not in a type name
    if (depth == 0) {
      position_ = i + 1;
      return source_.substr(at, i + 1 - at);
    }
  }
  return std::nullopt;
}

ExpressionToken ExpressionLexer::next() {
  while (position_ < source_.size() && std::isspace(static_cast<unsigned char>(source_[position_]))) ++position_;
  ExpressionToken token;
  token.begin = position_;
  if (position_ >= source_.size()) {
    token.end = position_;
    return token;
  }
  const char c = source_[position_];
  auto take = [&](ExpressionToken::Kind kind, size_t end) {
    token.kind = kind;
    token.text = source_.substr(position_, end - position_);
    token.end = end;
    position_ = end;
    return token;
  };
  if (isNameStart(c) || (c == ':' && position_ + 2 < source_.size() && source_[position_ + 1] == ':' &&
                         isNameStart(source_[position_ + 2]))) {
    size_t end = position_;
    for (;;) {
      if (end + 1 < source_.size() && source_[end] == ':' && source_[end + 1] == ':') end += 2;
      if (end >= source_.size() || !isNameStart(source_[end])) break;
      while (end < source_.size() && isNamePart(source_[end])) ++end;
      if (!(end + 2 < source_.size() && source_[end] == ':' && source_[end + 1] == ':' &&
            isNameStart(source_[end + 2]))) {
        break;
      }
    }
    return take(ExpressionToken::Kind::Name, end);
  }
  const bool startsNumber =
      std::isdigit(static_cast<unsigned char>(c)) ||
      (c == '.' && position_ + 1 < source_.size() && std::isdigit(static_cast<unsigned char>(source_[position_ + 1])));
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
    return take(isFloat ? ExpressionToken::Kind::Float : ExpressionToken::Kind::Integer, end);
  }
  if (c == '\'' || c == '"') {
    size_t end = position_ + 1;
    while (end < source_.size() && source_[end] != c) end += source_[end] == '\\' ? 2 : 1;
    if (end >= source_.size())
      fail(c == '"' ? "unterminated string literal" : "unterminated character literal", position_);
    return take(c == '"' ? ExpressionToken::Kind::String : ExpressionToken::Kind::Character, end + 1);
  }
  for (const char* punctuator : kPunctuators) {
    const size_t length = std::strlen(punctuator);
    if (source_.compare(position_, length, punctuator) == 0)
      return take(ExpressionToken::Kind::Punctuator, position_ + length);
  }
  fail("unexpected character '" + std::string(1, c) + "'", position_);
}

}  // namespace rwd
