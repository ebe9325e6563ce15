// FormatterRegistry: the built-in type formatters, and which one (if any)
// shows a value — chosen by the qualified name of the value's type and its
// DWARF structure, remembered per type. A value marked `raw` (the "[raw]"
// child) is never formatted.
#pragma once

#include <memory>
#include <unordered_map>
#include <vector>

#include "symbols/Value.h"
#include "symbols/formatters/RustTraitObjectFormatter.h"
#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class FormatterRegistry {
 public:
  // `vtableOwner` names the concrete type behind a Rust trait object (none: shown as its raw pointers).
  explicit FormatterRegistry(RustTraitObjectFormatter::VtableOwner vtableOwner = {});
  ~FormatterRegistry();
  // The formatter for `value`; nullptr when the value shows as itself.
  const TypeFormatter* find(const Value& value);
  // Forgets the choices made per type (the modules changed).
  void clear() { chosen_.clear(); }

 private:
  std::vector<std::unique_ptr<TypeFormatter>> formatters_;
  std::unordered_map<const void*, const TypeFormatter*> chosen_;  // by type DIE
};

}  // namespace rwd
