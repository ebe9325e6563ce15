// SequenceFormatter: the common part of every formatter for elements that
// lie one after another in memory (std::vector, std::array, Rust Vec and
// slices), or around a ring buffer (Rust VecDeque) — "size=3 {1, 2, 3}", indexed children computed from the data
// address and the index (a page of a 10,000,000-element vector reads only
// that page), and `v[i]` in expressions. Subclasses say where the
// elements are.
#pragma once

#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class SequenceFormatter : public TypeFormatter {
 public:
  std::string summary(const Value& value, FormatterTools& tools, size_t limit) const override;
  int64_t indexedCount(const Value& value, FormatterTools& tools) const override;
  std::optional<int64_t> length(const Value& value, FormatterTools& tools) const override {
    return indexedCount(value, tools);
  }
  std::vector<FormattedChild> indexed(const Value& value, const std::string& evaluateName, int64_t start, int64_t count,
                                      FormatterTools& tools) const override;
  std::optional<Value> element(const Value& value, int64_t index, FormatterTools& tools) const override;

 protected:
  struct Layout {
    uint64_t address = 0;  // of element 0 (of the buffer for a ring)
    int64_t count = 0;
    // A ring buffer: element i is at slot (head + i) % capacity.
    int64_t head = 0;
    int64_t capacity = 0;  // 0: not a ring
    TypeRef element;
    uint64_t elementSize = 0;
  };
  // Where the elements are; nullopt when the value cannot be read or makes
  // no sense (an uninitialized vector).
  virtual std::optional<Layout> layout(const Value& value, FormatterTools& tools) const = 0;
  // "size=N " before the elements (not for std::array, whose size is its type's).
  virtual bool showsSize() const { return true; }
  static Value elementAt(const Layout& layout, const Value& parent, int64_t index);
};

}  // namespace rwd
