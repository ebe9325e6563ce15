// StdVectorFormatter: where a libstdc++ vector keeps its elements.
#include "symbols/formatters/StdVectorFormatter.h"

#include <dwarf.h>

#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

bool StdVectorFormatter::matches(const std::string& name, const TypeRef&) const {
  return name.rfind("std::vector<", 0) == 0 && name.rfind("std::vector<bool,", 0) != 0;
}

std::optional<SequenceFormatter::Layout> StdVectorFormatter::layout(const Value& value, FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  auto start = FormatterSupport::deepMember(navigator, value, "_M_start", DW_TAG_pointer_type);
  auto finish = FormatterSupport::deepMember(navigator, value, "_M_finish", DW_TAG_pointer_type);
  if (!start || !finish) return std::nullopt;
  auto first = navigator.readUnsigned(*start, nullptr);
  auto end = navigator.readUnsigned(*finish, nullptr);
  if (!first || !end || *end < *first) return std::nullopt;
  Layout out;
  out.element = DwarfType::pointee(start->type);
  out.elementSize = DwarfType::size(out.element).value_or(0);
  if (out.elementSize == 0 || (*end - *first) % out.elementSize != 0) return std::nullopt;
  out.address = *first;
  out.count = static_cast<int64_t>((*end - *first) / out.elementSize);
  return out;
}

}  // namespace rwd
