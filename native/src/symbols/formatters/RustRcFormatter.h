// RustRcFormatter: Rust's shared pointers Rc<T> and Arc<T> shown as the
// shared value with its counts, "5 (strong=2, weak=1)" (the weak count
// without the one weak reference the strong owners hold together, as
// Rc::weak_count says); children `*p`, `strong` and `weak`, and `*p` in
// expressions (HolderFormatter).
#pragma once

#include "symbols/formatters/HolderFormatter.h"

namespace rwd {

class RustRcFormatter : public HolderFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  Holding holding(const Value& value, FormatterTools& tools) const override;
  const char* kind() const override { return "shared pointer"; }
};

}  // namespace rwd
