// StdArrayFormatter: the elements of a std::array.
#include "symbols/formatters/StdArrayFormatter.h"

#include <dwarf.h>

#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

bool StdArrayFormatter::matches(const std::string& name, const TypeRef& type) const {
  return name.rfind("std::array<", 0) == 0 && FormatterSupport::hasMember(type, "_M_elems");
}

std::optional<SequenceFormatter::Layout> StdArrayFormatter::layout(const Value& value, FormatterTools& tools) const {
  auto elements = FormatterSupport::member(tools.navigator, value, "_M_elems");
  if (!elements || elements->kind != Value::Kind::Memory) return std::nullopt;
  Layout out;
  out.address = elements->address;
  if (DwarfType::tag(elements->type) != DW_TAG_array_type) return out;  // std::array<T, 0>
  out.element = DwarfType::elementOf(elements->type);
  out.elementSize = DwarfType::size(out.element).value_or(0);
  out.count = static_cast<int64_t>(tools.navigator.arrayCount(*elements).value_or(0));
  return out;
}

}  // namespace rwd
