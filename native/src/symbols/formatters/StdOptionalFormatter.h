// StdOptionalFormatter: std::optional<T> shown as its value, or "nullopt";
// the value is the child `value`, and `*o` / `o->m` reach it.
#pragma once

#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class StdOptionalFormatter : public TypeFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;
  std::string summary(const Value& value, FormatterTools& tools, size_t limit) const override;
  std::vector<FormattedChild> named(const Value& value, const std::string& name, const std::string& evaluateName,
                                    FormatterTools& tools) const override;
  std::optional<Value> target(const Value& value, FormatterTools& tools, std::string* problem) const override;

 private:
  // The contained value; nullopt when disengaged; `readable` false when unknown.
  static std::optional<Value> contained(const Value& value, FormatterTools& tools, bool* readable);
};

}  // namespace rwd
