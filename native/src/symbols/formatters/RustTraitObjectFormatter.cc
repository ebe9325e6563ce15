// RustTraitObjectFormatter: a trait object's concrete value through its vtable.
#include "symbols/formatters/RustTraitObjectFormatter.h"

#include <dwarf.h>

#include "symbols/DieTree.h"
#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

bool RustTraitObjectFormatter::matches(const std::string& name, const TypeRef& type) const {
  if (DwarfType::tag(type) != DW_TAG_structure_type || !DieTree::isRust(const_cast<Dwarf_Die*>(&type.die)))
    return false;
  return name.find("dyn ") != std::string::npos && RustVtable::isTraitObject(type);
}

HolderFormatter::Holding RustTraitObjectFormatter::holding(const Value& value, FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  Holding out;
  out.emptyText = "0x0";
  out.emptyProblem = "cannot dereference '%s': it is a null trait object";
  const RustVtable::Target target = RustVtable::read(navigator, value, owner_);
  if (!target.readable) return out;
  out.readable = true;
  if (target.data == 0) return out;
  if (!target.concrete) {
    // A vtable no debug information names (a module built without -g): the raw pointers stay under [raw].
    out.emptyText = RustVtable::unknownText(target.vtable);
    out.emptyProblem = "cannot dereference '%s': no debug information names the concrete type behind it";
    return out;
  }
  out.lead = DwarfType::name(*target.concrete) + " ";
  out.held = Value::inMemory(*target.concrete, target.data, value.frame);
  return out;
}

}  // namespace rwd
