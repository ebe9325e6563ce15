// ValuePresenter: what the variables view shows under a value — the
// members, elements and pointee of plain values, static data members of
// classes, the children a type formatter computes for library types
// (indexed ones a page at a time), and the "[raw]" child of every formatted
// value — each with the expression that names it (DAP evaluateName:
// `p->x`, `arr[3]`, `(*pp).name`, `(geo::Shape)rect`, `v[7]`,
// `*(int *)0x…`), so that Add to Watch and Copy as Expression work.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "symbols/DwarfIndex.h"
#include "symbols/MemoryCache.h"
#include "symbols/SymbolIndex.h"
#include "symbols/Value.h"
#include "symbols/ValueFormatter.h"
#include "symbols/ValueNavigator.h"
#include "symbols/formatters/FormatterRegistry.h"

namespace rwd {

struct PresentedChild {
  std::string name;
  Value value;
  std::string evaluateName;  // what names the child in an expression (empty: nothing does)
  std::string basis;         // what the child's own children derive their names from
};

enum class ChildFilter { All, Named, Indexed };

class ValuePresenter {
 public:
  ValuePresenter(ValueNavigator& navigator, ValueFormatter& formatter, FormatterRegistry& formatters,
                 SymbolIndex& symbols, MemoryCache& memory, DwarfIndex& index);
  int64_t indexedCount(const Value& value);
  int64_t namedCount(const Value& value);
  // Named children first, then indexed ones; `start`/`count` page the
  // filtered list (count 0: to the end).
  std::vector<PresentedChild> children(const Value& value, const std::string& name, const std::string& basis,
                                       ChildFilter filter, int64_t start, int64_t count);
  // What formatters work with (reads, nested texts).
  FormatterTools& tools() { return tools_; }

  // `basis` as the left side of `.`, `[`: parenthesized unless it already binds tightly.
  static std::string postfixOperand(const std::string& basis);
  static std::string memberExpression(const std::string& basis, const std::string& member);

 private:
  Value referee(const Value& value);
  std::vector<PresentedChild> named(const Value& value, const std::string& name, const std::string& basis);
  std::vector<PresentedChild> indexed(const Value& value, const std::string& basis, int64_t start, int64_t count);
  std::vector<PresentedChild> members(const Value& value, const std::string& basis);
  void addStaticMembers(const Value& value, std::vector<PresentedChild>& out);
  int64_t staticMemberCount(const Value& value);

  ValueNavigator& navigator_;
  ValueFormatter& formatter_;
  FormatterRegistry& formatters_;
  SymbolIndex& symbols_;
  MemoryCache& memory_;
  DwarfIndex& index_;
  FormatterTools tools_;
};

}  // namespace rwd
