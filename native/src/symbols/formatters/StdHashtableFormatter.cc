// StdHashtableFormatter: walks of libstdc++ hash table node lists.
#include "symbols/formatters/StdHashtableFormatter.h"

#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

constexpr uint64_t kNextOffset = 0;  // _Hash_node_base::_M_nxt
constexpr uint64_t kNodeBaseSize = 8;

}  // namespace

bool StdHashtableFormatter::matches(const std::string& name, const TypeRef& type) const {
  return name.rfind("std::unordered_", 0) == 0 && FormatterSupport::hasMember(type, "_M_h");
}

std::optional<StdHashtableFormatter::Table> StdHashtableFormatter::table(const Value& value,
                                                                         FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  auto hashtable = FormatterSupport::member(navigator, value, "_M_h");
  if (!hashtable) return std::nullopt;
  auto beforeBegin = FormatterSupport::deepMember(navigator, *hashtable, "_M_before_begin");
  auto count = FormatterSupport::deepMember(navigator, *hashtable, "_M_element_count");
  if (!beforeBegin || beforeBegin->kind != Value::Kind::Memory || !count) return std::nullopt;
  Table out;
  auto first = navigator.memory().readUnsigned(beforeBegin->address + kNextOffset, 8);
  auto size = navigator.readUnsigned(*count, nullptr);
  if (!first || !size) return std::nullopt;
  out.first = *first;
  out.size = static_cast<int64_t>(*size);
  out.valueType = FormatterSupport::templateArgument(hashtable->type, "_Value");
  if (!out.valueType.valid) return std::nullopt;
  out.valueOffset = FormatterSupport::alignUp(kNodeBaseSize, FormatterSupport::alignmentOf(out.valueType));
  const std::string name = DwarfType::name(DwarfType::strip(value.type));
  out.isMap = name.rfind("std::unordered_map<", 0) == 0 || name.rfind("std::unordered_multimap<", 0) == 0;
  return out;
}

void StdHashtableFormatter::walk(const Table& table, const Value& parent, int64_t start, int64_t count,
                                 FormatterTools& tools, const std::function<bool(int64_t, const Value&)>& visit) const {
  const int64_t end = count <= 0 ? table.size : std::min(table.size, start + count);
  uint64_t node = table.first;
  for (int64_t index = 0; index < end && node != 0; ++index) {
    if (index >= start && !visit(index, Value::inMemory(table.valueType, node + table.valueOffset, parent.frame))) return;
    auto next = tools.navigator.memory().readUnsigned(node + kNextOffset, 8);
    if (!next) return;
    node = *next;
  }
}

std::string StdHashtableFormatter::summary(const Value& value, FormatterTools& tools, size_t limit) const {
  auto found = table(value, tools);
  if (!found) return "<unreadable>";
  std::string out = "size=" + std::to_string(found->size);
  if (found->size == 0) return out;
  out += " {";
  walk(*found, value, 0, 0, tools, [&](int64_t index, const Value& entry) {
    if (out.size() > limit) {
      out += ", ...";
      return false;
    }
    if (index) out += ", ";
    if (found->isMap) {
      auto key = FormatterSupport::member(tools.navigator, entry, "first");
      auto mapped = FormatterSupport::member(tools.navigator, entry, "second");
      out += "[" + (key ? tools.text(*key, 40) : "?") + "]=" + (mapped ? tools.text(*mapped, 40) : "?");
    } else {
      out += tools.text(entry, 40);
    }
    return true;
  });
  return out + "}";
}

int64_t StdHashtableFormatter::indexedCount(const Value& value, FormatterTools& tools) const {
  auto found = table(value, tools);
  return found ? found->size : 0;
}

std::vector<FormattedChild> StdHashtableFormatter::indexed(const Value& value, const std::string&, int64_t start,
                                                           int64_t count, FormatterTools& tools) const {
  std::vector<FormattedChild> out;
  auto found = table(value, tools);
  if (!found) return out;
  walk(*found, value, start, count, tools, [&](int64_t index, const Value& entry) {
    if (!found->isMap) {
      out.push_back({FormatterSupport::indexName(index), entry, FormatterSupport::addressExpression(entry)});
      return true;
    }
    auto key = FormatterSupport::member(tools.navigator, entry, "first");
    auto mapped = FormatterSupport::member(tools.navigator, entry, "second");
    if (!key || !mapped) return false;
    out.push_back({"[" + tools.text(*key, 60) + "]", *mapped, FormatterSupport::addressExpression(*mapped)});
    return true;
  });
  return out;
}

}  // namespace rwd
