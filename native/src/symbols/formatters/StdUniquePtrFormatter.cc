// StdUniquePtrFormatter: the object a unique_ptr owns.
#include "symbols/formatters/StdUniquePtrFormatter.h"

#include <dwarf.h>

#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

bool StdUniquePtrFormatter::matches(const std::string& name, const TypeRef& type) const {
  return name.rfind("std::unique_ptr<", 0) == 0 && FormatterSupport::hasMember(type, "_M_t");
}

HolderFormatter::Holding StdUniquePtrFormatter::holding(const Value& value, FormatterTools& tools) const {
  Holding out;
  out.emptyText = "nullptr";
  out.emptyProblem = "cannot dereference a null pointer: '%s' is an empty unique_ptr";
  // The stored pointer: the `_M_head_impl` of pointer type inside the tuple
  // (the deleter has one too).
  auto implementation = FormatterSupport::member(tools.navigator, value, "_M_t");
  auto stored = implementation ? FormatterSupport::deepMember(tools.navigator, *implementation, "_M_head_impl",
                                                              DW_TAG_pointer_type, 10)
                               : std::nullopt;
  auto address = stored ? tools.navigator.readUnsigned(*stored, nullptr) : std::nullopt;
  out.readable = address.has_value();
  if (address && *address) out.held = pointee(value, *stored, tools);
  return out;
}

}  // namespace rwd
