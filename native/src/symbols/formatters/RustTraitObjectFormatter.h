// RustTraitObjectFormatter: Rust's trait objects — `&dyn Trait`,
// `&mut dyn Trait`, `*const dyn Trait`, `Box<dyn Trait>` — a data pointer
// and a vtable pointer. The vtable is rustc's `<T as Trait>::{vtable}`,
// whose type's DW_AT_containing_type is the concrete type T, so the value
// shows as what it really is: "main::Circle {radius=2}", with `*p` its
// child and `*p` in expressions (HolderFormatter).
#pragma once

#include "symbols/formatters/HolderFormatter.h"
#include "symbols/formatters/RustVtable.h"

namespace rwd {

class RustTraitObjectFormatter : public HolderFormatter {
 public:
  using VtableOwner = RustVtable::Owner;

  explicit RustTraitObjectFormatter(VtableOwner owner) : owner_(std::move(owner)) {}
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  Holding holding(const Value& value, FormatterTools& tools) const override;
  const char* kind() const override { return "trait object"; }

 private:
  VtableOwner owner_;
};

}  // namespace rwd
