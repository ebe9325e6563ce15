// StdVectorFormatter: libstdc++ std::vector<T> (not the bit-packed
// vector<bool>): the elements between _M_start and _M_finish.
#pragma once

#include "symbols/formatters/SequenceFormatter.h"

namespace rwd {

class StdVectorFormatter : public SequenceFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  std::optional<Layout> layout(const Value& value, FormatterTools& tools) const override;
};

}  // namespace rwd
