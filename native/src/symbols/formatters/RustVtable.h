// RustVtable: what a Rust fat pointer to `dyn Trait` (a data pointer and a
// vtable pointer) says about the value behind it. rustc's vtable
// `<T as Trait>::{vtable}` has a type whose DW_AT_containing_type is the
// concrete type T, and its third entry is T's alignment. Trait objects
// (`&dyn Trait`, `Box<dyn Trait>`) and Rc/Arc<dyn Trait> both read it here.
#pragma once

#include <functional>
#include <optional>
#include <string>

#include "symbols/Value.h"

namespace rwd {

class ValueNavigator;

class RustVtable {
 public:
  // The concrete type whose vtable is at a run-time address; nullopt when none is known there.
  using Owner = std::function<std::optional<TypeRef>(uint64_t vtable)>;

  struct Target {
    bool readable = false;  // both pointers could be read
    uint64_t data = 0;
    uint64_t vtable = 0;
    std::optional<TypeRef> concrete;  // nothing: no debug information names the vtable
  };

  // A struct with `pointer` and `vtable` members: a pointer to a `dyn Trait` or to a type that ends in one.
  static bool isFatPointer(const TypeRef& type);
  // A fat pointer whose data pointer points at a `dyn Trait` itself (not at an RcInner<dyn Trait> holding one).
  static bool isTraitObject(const TypeRef& type);
  // The addresses in the fat pointer `fat` and the concrete type its vtable names.
  static Target read(ValueNavigator& navigator, const Value& fat, const Owner& owner);
  // The concrete type's alignment from the vtable's align entry (the type's DWARF alignment if unreadable).
  static uint64_t alignment(ValueNavigator& navigator, const Target& target, const Value& context);
  // The summary of a trait object whose vtable no debug information names.
  static std::string unknownText(uint64_t vtable);
};

}  // namespace rwd
