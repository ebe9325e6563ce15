// HolderFormatter: summaries, children and `*h` of one-value holders.
#include "symbols/formatters/HolderFormatter.h"

#include <dwarf.h>

#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

Value HolderFormatter::pointee(const Value& holder, const Value& pointer, FormatterTools& tools) {
  Value target = tools.navigator.dereference(pointer);
  // The smart pointer's own template argument (`geo::Point`), not the
  // library alias the stored pointer is declared with (`element_type`).
  const TypeRef argument = FormatterSupport::templateArgument(holder.type, 0);
  if (argument.valid && DwarfType::tag(argument) != DW_TAG_array_type &&
      DwarfType::size(argument) == DwarfType::size(target.type)) {
    target.type = argument;
  }
  return target;
}

std::string HolderFormatter::summary(const Value& value, FormatterTools& tools, size_t limit) const {
  Holding found = holding(value, tools);
  if (!found.readable) return "<unreadable>";
  if (!found.held) return found.emptyText;
  return found.lead + tools.text(*found.held, limit) + found.note;
}

std::vector<FormattedChild> HolderFormatter::named(const Value& value, const std::string& name,
                                                   const std::string& evaluateName, FormatterTools& tools) const {
  Holding found = holding(value, tools);
  std::vector<FormattedChild> out;
  if (found.held) out.push_back({heldName(name), *found.held, evaluateName.empty() ? "" : "*" + evaluateName});
  for (auto& child : found.more) out.push_back(std::move(child));
  return out;
}

std::optional<Value> HolderFormatter::target(const Value& value, FormatterTools& tools, std::string* problem) const {
  Holding found = holding(value, tools);
  if (!found.held && problem) {
    *problem = found.readable ? found.emptyProblem : std::string("cannot read the ") + kind() + " '%s'";
  }
  return found.held;
}

}  // namespace rwd
