// RustVecDequeFormatter: Rust's VecDeque<T>, a ring buffer (`head`, `len`
// and a RawVec's pointer and capacity), shown in queue order as a Vec is:
// "size=4 {2, 3, 4, 5}", paged by index, `q[i]` and q.len() in expressions.
#pragma once

#include "symbols/formatters/SequenceFormatter.h"

namespace rwd {

class RustVecDequeFormatter : public SequenceFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  std::optional<Layout> layout(const Value& value, FormatterTools& tools) const override;
};

}  // namespace rwd
