// StdUniquePtrFormatter: std::unique_ptr<T> shown as what it owns
// ("{x=5, y=6}", or "nullptr"), with the pointee as its child `*p`; `*p`
// and `p->m` work in expressions (HolderFormatter).
#pragma once

#include "symbols/formatters/HolderFormatter.h"

namespace rwd {

class StdUniquePtrFormatter : public HolderFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  Holding holding(const Value& value, FormatterTools& tools) const override;
  const char* kind() const override { return "unique_ptr"; }
};

}  // namespace rwd
