// StdStringFormatter: libstdc++ std::string (std::__cxx11::basic_string of
// one-byte characters) shown as its text, "hello", from the data pointer
// and the length — embedded NULs included.
#pragma once

#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class StdStringFormatter : public TypeFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;
  std::string summary(const Value& value, FormatterTools& tools, size_t limit) const override;
  std::optional<Value> element(const Value& value, int64_t index, FormatterTools& tools) const override;
  std::optional<int64_t> length(const Value& value, FormatterTools& tools) const override;
};

}  // namespace rwd
