// StdSharedPtrFormatter: std::shared_ptr<T> and std::weak_ptr<T> shown as
// the shared object with its counts, "{x=7, y=8} (use_count=2,
// weak_count=1)" ("nullptr", or "expired" for a weak_ptr whose object is
// gone); children `*p`, `use_count` and `weak_count`.
#pragma once

#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class StdSharedPtrFormatter : public TypeFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;
  std::string summary(const Value& value, FormatterTools& tools, size_t limit) const override;
  std::vector<FormattedChild> named(const Value& value, const std::string& name, const std::string& evaluateName,
                                    FormatterTools& tools) const override;
  std::optional<Value> target(const Value& value, FormatterTools& tools, std::string* problem) const override;

 private:
  struct Counts {
    std::optional<Value> use;  // _M_use_count in the control block
    int64_t useCount = 0;
    int64_t weakCount = 0;  // weak_ptrs only (the owners' shared reference not counted)
  };
  static std::optional<Counts> counts(const Value& value, FormatterTools& tools);
};

}  // namespace rwd
