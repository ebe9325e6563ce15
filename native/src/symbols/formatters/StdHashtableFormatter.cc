// StdHashtableFormatter: where libstdc++ hash tables keep their node list.
#include "symbols/formatters/StdHashtableFormatter.h"

#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

constexpr uint64_t kNextOffset = 0;  // _Hash_node_base::_M_nxt
constexpr uint64_t kNodeBaseSize = 8;

}  // namespace

bool StdHashtableFormatter::matches(const std::string& name, const TypeRef& type) const {
  return name.rfind("std::unordered_", 0) == 0 && FormatterSupport::hasMember(type, "_M_h");
}

std::optional<NodeContainerFormatter::Nodes> StdHashtableFormatter::nodes(const Value& value,
                                                                          FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  auto hashtable = FormatterSupport::member(navigator, value, "_M_h");
  if (!hashtable) return std::nullopt;
  auto beforeBegin = FormatterSupport::deepMember(navigator, *hashtable, "_M_before_begin");
  auto count = FormatterSupport::deepMember(navigator, *hashtable, "_M_element_count");
  if (!beforeBegin || beforeBegin->kind != Value::Kind::Memory || !count) return std::nullopt;
  Nodes out;
  auto first = navigator.memory().readUnsigned(beforeBegin->address + kNextOffset, 8);
  auto size = navigator.readUnsigned(*count, nullptr);
  if (!first || !size) return std::nullopt;
  out.first = *first;
  out.size = static_cast<int64_t>(*size);
  if (!describeValues(out, value, *hashtable, "_Value", kNodeBaseSize,
                      {"std::unordered_map<", "std::unordered_multimap<"})) {
    return std::nullopt;
  }
  return out;
}

std::optional<uint64_t> StdHashtableFormatter::next(uint64_t node, const Nodes&, MemoryCache& memory) const {
  return memory.readUnsigned(node + kNextOffset, 8);
}

}  // namespace rwd
