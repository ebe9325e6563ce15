// StdOptionalFormatter: std::optional<T> shown as its value, or "nullopt";
// the value is the child `value`, and `*o` / `o->m` reach it
// (HolderFormatter).
#pragma once

#include "symbols/formatters/HolderFormatter.h"

namespace rwd {

class StdOptionalFormatter : public HolderFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  Holding holding(const Value& value, FormatterTools& tools) const override;
  const char* kind() const override { return "optional"; }
  std::string heldName(const std::string&) const override { return "value"; }
};

}  // namespace rwd
