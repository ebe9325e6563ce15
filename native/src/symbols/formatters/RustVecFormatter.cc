// RustVecFormatter: where a Rust Vec or slice keeps its elements.
#include "symbols/formatters/RustVecFormatter.h"

#include <dwarf.h>

#include "symbols/DieTree.h"
#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

bool isSliceName(const std::string& name) { return name.rfind("&[", 0) == 0 || name.rfind("&mut [", 0) == 0; }

}  // namespace

bool RustVecFormatter::matches(const std::string& name, const TypeRef& type) const {
  if (DwarfType::tag(type) != DW_TAG_structure_type || !DieTree::isRust(const_cast<Dwarf_Die*>(&type.die)))
    return false;
  if (name.rfind("alloc::vec::Vec<", 0) == 0) return FormatterSupport::hasMember(type, "len");
  return isSliceName(name) && FormatterSupport::hasMember(type, "data_ptr") &&
         FormatterSupport::hasMember(type, "length");
}

std::optional<SequenceFormatter::Layout> RustVecFormatter::layout(const Value& value, FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  Layout out;
  std::optional<uint64_t> address, length;
  if (auto data = FormatterSupport::member(navigator, value, "data_ptr")) {
    address = navigator.readUnsigned(*data, nullptr);
    length = FormatterSupport::unsignedOf(navigator, FormatterSupport::member(navigator, value, "length"));
    out.element = DwarfType::pointee(data->type);
  } else {
    auto buffer = FormatterSupport::member(navigator, value, "buf");
    // The first pointer inside a RawVec (its layout changes between Rust
    // versions: Unique, NonNull, RawVecInner…).
    auto pointer = buffer ? FormatterSupport::firstOfTag(navigator, *buffer, DW_TAG_pointer_type) : std::nullopt;
    if (pointer) address = navigator.readUnsigned(*pointer, nullptr);
    length = FormatterSupport::unsignedOf(navigator, FormatterSupport::member(navigator, value, "len"));
    out.element = FormatterSupport::templateArgument(value.type, "T");
  }
  if (!address || !length || !out.element.valid) return std::nullopt;
  out.elementSize = DwarfType::size(out.element).value_or(0);
  if (*length > (uint64_t{1} << 40)) return std::nullopt;
  out.address = *address;
  out.count = static_cast<int64_t>(*length);
  return out;
}

}  // namespace rwd
