// SequenceFormatter: contiguous elements shown and paged by index.
#include "symbols/formatters/SequenceFormatter.h"

#include <algorithm>

#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

Value SequenceFormatter::elementAt(const Layout& layout, const Value& parent, int64_t index) {
  const int64_t slot = layout.capacity > 0 ? (layout.head + index) % layout.capacity : index;
  return Value::inMemory(layout.element, layout.address + static_cast<uint64_t>(slot) * layout.elementSize,
                         parent.frame);
}

std::string SequenceFormatter::summary(const Value& value, FormatterTools& tools, size_t limit) const {
  auto found = layout(value, tools);
  if (!found) return "<unreadable>";
  const Layout& elements = *found;
  std::string out = showsSize() ? "size=" + std::to_string(elements.count) : "";
  if (elements.count == 0) return showsSize() ? out : "{}";
  if (!out.empty()) out += " ";
  const size_t budget = limit > out.size() ? limit - out.size() : 20;
  return out + FormatterSupport::preview(
                   elements.count, [&](int64_t index) { return elementAt(elements, value, index); }, tools, budget);
}

int64_t SequenceFormatter::indexedCount(const Value& value, FormatterTools& tools) const {
  auto found = layout(value, tools);
  return found ? found->count : 0;
}

std::vector<FormattedChild> SequenceFormatter::indexed(const Value& value, const std::string& evaluateName,
                                                       int64_t start, int64_t count, FormatterTools& tools) const {
  std::vector<FormattedChild> out;
  auto found = layout(value, tools);
  if (!found) return out;
  const int64_t from = std::clamp<int64_t>(start, 0, found->count);
  const int64_t to = count <= 0 ? found->count : std::min(found->count, from + count);
  out.reserve(static_cast<size_t>(to - from));
  for (int64_t index = from; index < to; ++index) {
    std::string name = FormatterSupport::indexName(index);
    out.push_back({name, elementAt(*found, value, index), evaluateName.empty() ? "" : evaluateName + name});
  }
  return out;
}

std::optional<Value> SequenceFormatter::element(const Value& value, int64_t index, FormatterTools& tools) const {
  auto found = layout(value, tools);
  if (!found) return std::nullopt;
  return elementAt(*found, value, index);
}

}  // namespace rwd
