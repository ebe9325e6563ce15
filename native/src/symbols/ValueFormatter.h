// ValueFormatter: the one-line text of a Value in a variables view —
// `42`, `65 'A'`, `true`, `GREEN`, `0x4006f4 "hello"`, `0x0`,
// `{x=1, y=2}`, `{1, 2, 3, ...}`, `"hi"`, `<optimized out>`,
// `<unreadable 0x10>`. Aggregates are summarised to about 100 characters.
#pragma once

#include <string>

#include "symbols/SymbolIndex.h"
#include "symbols/Value.h"
#include "symbols/ValueNavigator.h"

namespace rwd {

class ValueFormatter {
 public:
  ValueFormatter(ValueNavigator& navigator, SymbolIndex& symbols) : navigator_(navigator), symbols_(symbols) {}
  std::string format(const Value& value);
  // A character as C writes it inside quotes: A, \n, \0, \377.
  static std::string escapeCharacter(unsigned char character, char quote);
  static std::string hex(uint64_t value);

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
  std::string quoted(const std::string& bytes, bool complete);

  ValueNavigator& navigator_;
  SymbolIndex& symbols_;
};

}  // namespace rwd
