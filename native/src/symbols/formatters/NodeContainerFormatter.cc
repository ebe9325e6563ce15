// NodeContainerFormatter: summaries, pages and key lookups over linked nodes.
#include "symbols/formatters/NodeContainerFormatter.h"

#include <dwarf.h>

#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

bool NodeContainerFormatter::describeValues(Nodes& nodes, const Value& container, const Value& implementation,
                                            const char* argument, uint64_t linkSize,
                                            std::initializer_list<const char*> mapNames) {
  nodes.valueType = FormatterSupport::templateArgument(implementation.type, argument);
  if (!nodes.valueType.valid) return false;
  nodes.valueOffset = FormatterSupport::alignUp(linkSize, FormatterSupport::alignmentOf(nodes.valueType));
  const std::string name = DwarfType::name(DwarfType::strip(container.type));
  nodes.isMap = false;
  for (const char* prefix : mapNames) nodes.isMap = nodes.isMap || name.rfind(prefix, 0) == 0;
  return true;
}

void NodeContainerFormatter::walk(const Nodes& nodes, const Value& parent, int64_t start, int64_t count,
                                  FormatterTools& tools,
                                  const std::function<bool(int64_t, const Entry&)>& visit) const {
  const int64_t end = count <= 0 ? nodes.size : std::min(nodes.size, start + count);
  uint64_t node = nodes.first;
  for (int64_t index = 0; index < end && node != nodes.end && node != 0; ++index) {
    if (index >= start) {
      Entry entry{Value::inMemory(nodes.valueType, node + nodes.valueOffset, parent.frame), std::nullopt, std::nullopt};
      if (nodes.isMap) {
        entry.key = FormatterSupport::member(tools.navigator, entry.value, nodes.keyMember);
        entry.mapped = FormatterSupport::member(tools.navigator, entry.value, nodes.mappedMember);
      }
      if (!visit(index, entry)) return;
    }
    auto following = next(node, nodes, tools.navigator.memory());
    if (!following) return;
    node = *following;
  }
}

std::optional<int64_t> NodeContainerFormatter::integerKey(const Value& key, FormatterTools& tools) {
  const int tag = DwarfType::tag(key.type);
  if (tag != DW_TAG_base_type && tag != DW_TAG_enumeration_type) return std::nullopt;
  const int encoding = DwarfType::encoding(key.type);
  if (encoding == DW_ATE_float || encoding == DW_ATE_complex_float) return std::nullopt;
  if (encoding == DW_ATE_signed || encoding == DW_ATE_signed_char) return tools.navigator.readSigned(key, nullptr);
  auto unsignedKey = tools.navigator.readUnsigned(key, nullptr);
  if (!unsignedKey) return std::nullopt;
  return static_cast<int64_t>(*unsignedKey);
}

std::string NodeContainerFormatter::summary(const Value& value, FormatterTools& tools, size_t limit) const {
  auto found = nodes(value, tools);
  if (!found) return "<unreadable>";
  std::string out = "size=" + std::to_string(found->size);
  if (found->size == 0) return out;
  out += " {";
  walk(*found, value, 0, 0, tools, [&](int64_t index, const Entry& entry) {
    if (out.size() > limit) {
      out += ", ...";
      return false;
    }
    if (index) out += ", ";
    if (found->isMap) {
      out += "[" + (entry.key ? tools.text(*entry.key, 40) : "?") +
             "]=" + (entry.mapped ? tools.text(*entry.mapped, 40) : "?");
    } else {
      out += tools.text(entry.value, 40);
    }
    return true;
  });
  return out + "}";
}

int64_t NodeContainerFormatter::indexedCount(const Value& value, FormatterTools& tools) const {
  auto found = nodes(value, tools);
  return found ? found->size : 0;
}

std::vector<FormattedChild> NodeContainerFormatter::indexed(const Value& value, const std::string& evaluateName,
                                                            int64_t start, int64_t count, FormatterTools& tools) const {
  std::vector<FormattedChild> out;
  auto found = nodes(value, tools);
  if (!found) return out;
  walk(*found, value, start, count, tools, [&](int64_t index, const Entry& entry) {
    if (!found->isMap) {
      out.push_back(
          {FormatterSupport::indexName(index), entry.value, FormatterSupport::addressExpression(entry.value)});
      return true;
    }
    const auto& key = entry.key;
    const auto& mapped = entry.mapped;
    if (!key || !mapped) return false;
    // `m[3]` names an entry whose key is an integer; other keys, the mapped value's address.
    auto number = integerKey(*key, tools);
    std::string expression = number && !evaluateName.empty() ? evaluateName + FormatterSupport::indexName(*number)
                                                             : FormatterSupport::addressExpression(*mapped);
    out.push_back({"[" + tools.text(*key, 60) + "]", *mapped, expression});
    return true;
  });
  return out;
}

std::optional<Value> NodeContainerFormatter::element(const Value& value, int64_t key, FormatterTools& tools) const {
  return mappedWhere(value, tools, [&](const Value& entryKey) -> std::optional<bool> {
    auto number = integerKey(entryKey, tools);
    if (!number) return std::nullopt;  // keys that are not integers: no `m[key]`
    return *number == key;
  });
}

std::optional<Value> NodeContainerFormatter::elementWithKeyText(const Value& value, const std::string& keyText,
                                                                FormatterTools& tools) const {
  return mappedWhere(value, tools, [&](const Value& entryKey) -> std::optional<bool> {
    return tools.text(entryKey, keyText.size() + 20) == keyText;
  });
}

std::optional<Value> NodeContainerFormatter::mappedWhere(
    const Value& value, FormatterTools& tools, const std::function<std::optional<bool>(const Value&)>& isKey) const {
  auto found = nodes(value, tools);
  if (!found || !found->isMap) return std::nullopt;
  std::optional<Value> result;
  walk(*found, value, 0, 0, tools, [&](int64_t, const Entry& entry) {
    auto matches = entry.key ? isKey(*entry.key) : std::nullopt;
    if (!matches) return false;
    if (!*matches) return true;
    result = entry.mapped;
    return false;
  });
  return result;
}

}  // namespace rwd
