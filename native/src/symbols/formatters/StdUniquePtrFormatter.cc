// StdUniquePtrFormatter: the object a unique_ptr owns.
#include "symbols/formatters/StdUniquePtrFormatter.h"

#include <dwarf.h>

#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

bool StdUniquePtrFormatter::matches(const std::string& name, const TypeRef& type) const {
  return name.rfind("std::unique_ptr<", 0) == 0 && FormatterSupport::hasMember(type, "_M_t");
}

// The stored pointer: the `_M_head_impl` of pointer type inside the tuple
// (the deleter has one too).
std::optional<Value> StdUniquePtrFormatter::pointer(const Value& value, FormatterTools& tools) {
  auto implementation = FormatterSupport::member(tools.navigator, value, "_M_t");
  if (!implementation) return std::nullopt;
  return FormatterSupport::deepMember(tools.navigator, *implementation, "_M_head_impl", DW_TAG_pointer_type, 10);
}

std::optional<Value> StdUniquePtrFormatter::target(const Value& value, FormatterTools& tools,
                                                   std::string* problem) const {
  auto stored = pointer(value, tools);
  auto address = stored ? tools.navigator.readUnsigned(*stored, nullptr) : std::nullopt;
  if (!address) {
    if (problem) *problem = "cannot read the unique_ptr '%s'";
    return std::nullopt;
  }
  if (*address == 0) {
    if (problem) *problem = "cannot dereference a null pointer: '%s' is an empty unique_ptr";
    return std::nullopt;
  }
  return tools.navigator.dereference(*stored);
}

std::string StdUniquePtrFormatter::summary(const Value& value, FormatterTools& tools, size_t limit) const {
  auto stored = pointer(value, tools);
  auto address = stored ? tools.navigator.readUnsigned(*stored, nullptr) : std::nullopt;
  if (!address) return "<unreadable>";
  if (*address == 0) return "nullptr";
  return tools.text(tools.navigator.dereference(*stored), limit);
}

std::vector<FormattedChild> StdUniquePtrFormatter::named(const Value& value, const std::string& name,
                                                         const std::string& evaluateName, FormatterTools& tools) const {
  auto pointee = target(value, tools, nullptr);
  if (!pointee) return {};
  return {{"*" + name, *pointee, evaluateName.empty() ? "" : "*" + evaluateName}};
}

}  // namespace rwd
