// StdStringFormatter: the text of a libstdc++ string.
#include "symbols/formatters/StdStringFormatter.h"

#include <algorithm>

#include "symbols/DwarfType.h"
#include "symbols/ValueFormatter.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

constexpr uint64_t kTextLimit = 200;

}  // namespace

bool StdStringFormatter::matches(const std::string& name, const TypeRef& type) const {
  const bool named =
      name.rfind("std::__cxx11::basic_string<char", 0) == 0 || name.rfind("std::basic_string<char", 0) == 0;
  return named && FormatterSupport::hasMember(type, "_M_dataplus") &&
         FormatterSupport::hasMember(type, "_M_string_length");
}

std::string StdStringFormatter::summary(const Value& value, FormatterTools& tools, size_t) const {
  ValueNavigator& navigator = tools.navigator;
  auto data = FormatterSupport::unsignedOf(navigator, FormatterSupport::path(navigator, value, "_M_dataplus._M_p"));
  auto length = FormatterSupport::unsignedOf(navigator, FormatterSupport::member(navigator, value, "_M_string_length"));
  if (!data || !length) return "<unreadable string>";
  const uint64_t shown = std::min(*length, kTextLimit);
  std::string text(shown, '\0');
  if (shown && navigator.memory().read(*data, text.data(), shown) != shown) return "<unreadable string>";
  return ValueFormatter::quoted(text, shown == *length);
}

std::optional<int64_t> StdStringFormatter::length(const Value& value, FormatterTools& tools) const {
  auto length = FormatterSupport::unsignedOf(tools.navigator,
                                             FormatterSupport::member(tools.navigator, value, "_M_string_length"));
  if (!length) return std::nullopt;
  return static_cast<int64_t>(*length);
}

std::optional<Value> StdStringFormatter::element(const Value& value, int64_t index, FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  auto pointer = FormatterSupport::path(navigator, value, "_M_dataplus._M_p");
  if (!pointer) return std::nullopt;
  return navigator.dereference(*pointer, index);
}

}  // namespace rwd
