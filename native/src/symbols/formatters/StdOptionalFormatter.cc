// StdOptionalFormatter: the value of a std::optional, if any.
#include "symbols/formatters/StdOptionalFormatter.h"

#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

bool StdOptionalFormatter::matches(const std::string& name, const TypeRef&) const {
  return name.rfind("std::optional<", 0) == 0;
}

HolderFormatter::Holding StdOptionalFormatter::holding(const Value& value, FormatterTools& tools) const {
  Holding out;
  out.emptyText = "nullopt";
  out.emptyProblem = "cannot dereference '%s': the optional is empty (nullopt)";
  auto engaged =
      FormatterSupport::unsignedOf(tools.navigator, FormatterSupport::deepMember(tools.navigator, value, "_M_engaged"));
  auto stored = FormatterSupport::deepMember(tools.navigator, value, "_M_value", 0, 12);
  out.readable = engaged && stored;
  if (out.readable && *engaged != 0) out.held = stored;
  return out;
}

}  // namespace rwd
