// StdOptionalFormatter: the value of a std::optional, if any.
#include "symbols/formatters/StdOptionalFormatter.h"

#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

bool StdOptionalFormatter::matches(const std::string& name, const TypeRef&) const {
  return name.rfind("std::optional<", 0) == 0;
}

std::optional<Value> StdOptionalFormatter::contained(const Value& value, FormatterTools& tools, bool* readable) {
  *readable = false;
  auto engaged = FormatterSupport::unsignedOf(tools.navigator, FormatterSupport::deepMember(tools.navigator, value, "_M_engaged"));
  auto stored = FormatterSupport::deepMember(tools.navigator, value, "_M_value", 0, 12);
  if (!engaged || !stored) return std::nullopt;
  *readable = true;
  if (*engaged == 0) return std::nullopt;
  return stored;
}

std::string StdOptionalFormatter::summary(const Value& value, FormatterTools& tools, size_t limit) const {
  bool readable = false;
  auto stored = contained(value, tools, &readable);
  if (!readable) return "<unreadable>";
  return stored ? tools.text(*stored, limit) : "nullopt";
}

std::vector<FormattedChild> StdOptionalFormatter::named(const Value& value, const std::string&,
                                                        const std::string& evaluateName, FormatterTools& tools) const {
  bool readable = false;
  auto stored = contained(value, tools, &readable);
  if (!stored) return {};
  return {{"value", *stored, evaluateName.empty() ? "" : "*" + evaluateName}};
}

std::optional<Value> StdOptionalFormatter::target(const Value& value, FormatterTools& tools, std::string* problem) const {
  bool readable = false;
  auto stored = contained(value, tools, &readable);
  if (!stored && problem) *problem = readable ? "cannot dereference '%s': the optional is empty (nullopt)" : "cannot read the optional '%s'";
  return stored;
}

}  // namespace rwd
