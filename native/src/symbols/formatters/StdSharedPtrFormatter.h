// StdSharedPtrFormatter: std::shared_ptr<T> and std::weak_ptr<T> shown as
// the shared object with its counts, "{x=7, y=8} (use_count=2,
// weak_count=1)" ("nullptr", or "expired (…)" for a weak_ptr whose object
// is gone); children `*p`, `use_count` and `weak_count` (HolderFormatter).
#pragma once

#include "symbols/formatters/HolderFormatter.h"

namespace rwd {

class StdSharedPtrFormatter : public HolderFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  Holding holding(const Value& value, FormatterTools& tools) const override;
  const char* kind() const override { return "shared pointer"; }
};

}  // namespace rwd
