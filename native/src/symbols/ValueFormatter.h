// ValueFormatter: the one-line text of a Value in a variables view —
// `42`, `65 'A'`, `true`, `GREEN`, `0x4006f4 "hello"`, `0x0`,
// `{x=1, y=2}`, `{1, 2, 3, ...}`, `"hi"`, `<optimized out>`,
// `<unreadable 0x10>`; library types through their type formatter
// (`"text"`, `size=3 {1, 2, 3}`, `Some(5)`); integers in hex on request.
// Aggregates are summarised to about 100 characters.
#pragma once

#include <string>

#include "symbols/FormatOptions.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Value.h"
#include "symbols/ValueNavigator.h"
#include "symbols/formatters/FormatterRegistry.h"

namespace rwd {

class ValueFormatter {
 public:
  ValueFormatter(ValueNavigator& navigator, SymbolIndex& symbols, FormatterRegistry* formatters = nullptr)
      : navigator_(navigator), symbols_(symbols), formatters_(formatters) {}
  std::string format(const Value& value);
  // The text of a value nested in another's summary, within about `limit` characters.
  std::string summary(const Value& value, size_t limit) { return text(value, 1, limit); }
  // Options for the texts that follow (set per request).
  void setOptions(const FormatOptions& options) { options_ = options; }
  const FormatOptions& options() const { return options_; }
  // A character as C writes it inside quotes: A, \n, \0, \377.
  static std::string escapeCharacter(unsigned char character, char quote);
  static std::string hex(uint64_t value);
  // Bytes as a C string literal; valid UTF-8 passes through, other bytes are
  // escaped; "..." follows when the text was cut.
  static std::string quoted(const std::string& bytes, bool complete);

 private:
  static constexpr size_t kSummaryLimit = 100;
  static constexpr size_t kStringLimit = 200;
  static constexpr int kMaxDepth = 3;

  // `limit`: aggregates stop adding elements past this many characters.
  std::string text(const Value& value, int depth, size_t limit);
  std::string scalar(const Value& value, int tag);
  std::string pointer(const Value& value);
  std::string array(const Value& value, int depth, size_t limit);
  std::string aggregate(const Value& value, int depth, size_t limit);
  std::string formatted(const TypeFormatter& formatter, const Value& value, int depth, size_t limit);
  // `bits`: the value's width, for hex.
  std::string integer(int64_t number, bool isSigned, uint64_t bits) const;

  ValueNavigator& navigator_;
  SymbolIndex& symbols_;
  FormatterRegistry* formatters_;
  FormatOptions options_;
};

}  // namespace rwd
