// RustRcFormatter: Rust's shared pointers Rc<T> and Arc<T> shown as the
// shared value with its counts, "5 (strong=2, weak=1)" (the weak count
// without the one weak reference the strong owners hold together, as
// Rc::weak_count says); children `*p`, `strong` and `weak`, and `*p` in
// expressions (HolderFormatter). Rc<dyn Trait> and Arc<dyn Trait> show the
// concrete value through the vtable, as trait objects do:
// "main::Circle {radius=1.5} (strong=2, weak=0)".
#pragma once

#include "symbols/formatters/HolderFormatter.h"
#include "symbols/formatters/RustVtable.h"

namespace rwd {

class RustRcFormatter : public HolderFormatter {
 public:
  explicit RustRcFormatter(RustVtable::Owner owner) : owner_(std::move(owner)) {}
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  Holding holding(const Value& value, FormatterTools& tools) const override;
  const char* kind() const override { return "shared pointer"; }

 private:
  // The shared `dyn Trait` value `declared` (typed as the zero-sized `dyn Trait`, at the offset
  // the declaration gives) as its concrete type, after the counts at that type's alignment.
  void showConcrete(const Value& fat, const Value& inner, const Value& declared, FormatterTools& tools,
                    Holding& out) const;
  RustVtable::Owner owner_;
};

}  // namespace rwd
