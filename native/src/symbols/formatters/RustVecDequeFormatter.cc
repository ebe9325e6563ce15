// RustVecDequeFormatter: where a VecDeque's elements are around its ring.
#include "symbols/formatters/RustVecDequeFormatter.h"

#include <dwarf.h>

#include "symbols/DieTree.h"
#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

bool RustVecDequeFormatter::matches(const std::string& name, const TypeRef& type) const {
  if (DwarfType::tag(type) != DW_TAG_structure_type || !DieTree::isRust(const_cast<Dwarf_Die*>(&type.die)))
    return false;
  return name.rfind("alloc::collections::vec_deque::VecDeque<", 0) == 0 && FormatterSupport::hasMember(type, "head") &&
         FormatterSupport::hasMember(type, "buf");
}

std::optional<SequenceFormatter::Layout> RustVecDequeFormatter::layout(const Value& value,
                                                                       FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  auto buffer = FormatterSupport::member(navigator, value, "buf");
  if (!buffer) return std::nullopt;
  // The RawVec's pointer and capacity (Cap / UsizeNoHighBit wrap a usize).
  auto pointer = FormatterSupport::firstOfTag(navigator, *buffer, DW_TAG_pointer_type);
  auto cap = FormatterSupport::deepMember(navigator, *buffer, "cap");
  auto capacity = FormatterSupport::unsignedOf(
      navigator, cap ? FormatterSupport::firstOfTag(navigator, *cap, DW_TAG_base_type) : std::nullopt);
  auto address = pointer ? navigator.readUnsigned(*pointer, nullptr) : std::nullopt;
  auto head = FormatterSupport::unsignedOf(navigator, FormatterSupport::member(navigator, value, "head"));
  auto length = FormatterSupport::unsignedOf(navigator, FormatterSupport::member(navigator, value, "len"));
  Layout out;
  out.element = FormatterSupport::templateArgument(value.type, "T");
  if (!address || !capacity || !head || !length || !out.element.valid) return std::nullopt;
  if (*length > *capacity || *capacity > (uint64_t{1} << 40) || (*capacity > 0 && *head >= *capacity))
    return std::nullopt;
  out.elementSize = DwarfType::size(out.element).value_or(0);
  out.address = *address;
  out.count = static_cast<int64_t>(*length);
  out.head = static_cast<int64_t>(*head);
  out.capacity = static_cast<int64_t>(*capacity);
  return out;
}

}  // namespace rwd
