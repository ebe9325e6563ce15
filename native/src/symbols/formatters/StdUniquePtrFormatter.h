// StdUniquePtrFormatter: std::unique_ptr<T> shown as what it owns
// ("{x=5, y=6}", or "nullptr"), with the pointee as its child `*p`; `*p`
// and `p->m` work in expressions.
#pragma once

#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class StdUniquePtrFormatter : public TypeFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;
  std::string summary(const Value& value, FormatterTools& tools, size_t limit) const override;
  std::vector<FormattedChild> named(const Value& value, const std::string& name, const std::string& evaluateName,
                                    FormatterTools& tools) const override;
  std::optional<Value> target(const Value& value, FormatterTools& tools, std::string* problem) const override;

 private:
  static std::optional<Value> pointer(const Value& value, FormatterTools& tools);
};

}  // namespace rwd
