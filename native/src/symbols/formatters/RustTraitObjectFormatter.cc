// RustTraitObjectFormatter: a trait object's concrete value through its vtable.
#include "symbols/formatters/RustTraitObjectFormatter.h"

#include <dwarf.h>

#include "symbols/DieTree.h"
#include "symbols/DwarfType.h"
#include "symbols/ValueFormatter.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

bool RustTraitObjectFormatter::matches(const std::string& name, const TypeRef& type) const {
  if (DwarfType::tag(type) != DW_TAG_structure_type || !DieTree::isRust(const_cast<Dwarf_Die*>(&type.die)))
    return false;
  return name.find("dyn ") != std::string::npos && FormatterSupport::hasMember(type, "pointer") &&
         FormatterSupport::hasMember(type, "vtable");
}

HolderFormatter::Holding RustTraitObjectFormatter::holding(const Value& value, FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  Holding out;
  out.emptyText = "0x0";
  out.emptyProblem = "cannot dereference '%s': it is a null trait object";
  auto pointerOf = [&](const char* name) -> std::optional<Value> {
    auto field = FormatterSupport::member(navigator, value, name);
    return field ? FormatterSupport::firstOfTag(navigator, *field, DW_TAG_pointer_type) : std::nullopt;
  };
  auto data = pointerOf("pointer");
  auto vtable = pointerOf("vtable");
  auto address = data ? navigator.readUnsigned(*data, nullptr) : std::nullopt;
  auto table = vtable ? navigator.readUnsigned(*vtable, nullptr) : std::nullopt;
  if (!address || !table) return out;
  out.readable = true;
  const uint64_t dataAddress = address.value_or(0);
  const uint64_t vtableAddress = table.value_or(0);
  if (dataAddress == 0) return out;
  auto concrete = owner_ ? owner_(vtableAddress) : std::nullopt;
  if (!concrete) {
    // A vtable no debug information names (a module built without -g): the raw pointers stay under [raw].
    out.emptyText =
        "<unknown concrete type: no debug information names the vtable at " + ValueFormatter::hex(vtableAddress) + ">";
    out.emptyProblem = "cannot dereference '%s': no debug information names the concrete type behind it";
    return out;
  }
  out.lead = DwarfType::name(*concrete) + " ";
  out.held = Value::inMemory(*concrete, dataAddress, value.frame);
  return out;
}

}  // namespace rwd
