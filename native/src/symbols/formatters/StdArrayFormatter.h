// StdArrayFormatter: std::array<T, N> shown like the C array it wraps
// (_M_elems), "{4, 3, 2, 1}", with N indexed children.
#pragma once

#include "symbols/formatters/SequenceFormatter.h"

namespace rwd {

class StdArrayFormatter : public SequenceFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  std::optional<Layout> layout(const Value& value, FormatterTools& tools) const override;
  bool showsSize() const override { return false; }
};

}  // namespace rwd
