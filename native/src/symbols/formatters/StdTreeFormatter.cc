// StdTreeFormatter: in-order walks of libstdc++ red-black trees.
#include "symbols/formatters/StdTreeFormatter.h"

#include <dwarf.h>

#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

// _Rb_tree_node_base: color, parent, left, right.
constexpr uint64_t kParentOffset = 8;
constexpr uint64_t kLeftOffset = 16;
constexpr uint64_t kRightOffset = 24;
constexpr uint64_t kNodeBaseSize = 32;

bool startsWithAny(const std::string& name, std::initializer_list<const char*> prefixes) {
  for (const char* prefix : prefixes) {
    if (name.rfind(prefix, 0) == 0) return true;
  }
  return false;
}

}  // namespace

bool StdTreeFormatter::matches(const std::string& name, const TypeRef& type) const {
  return startsWithAny(name, {"std::map<", "std::multimap<", "std::set<", "std::multiset<"}) &&
         FormatterSupport::hasMember(type, "_M_t");
}

std::optional<StdTreeFormatter::Tree> StdTreeFormatter::tree(const Value& value, FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  auto implementation = FormatterSupport::member(navigator, value, "_M_t");
  if (!implementation) return std::nullopt;
  auto header = FormatterSupport::deepMember(navigator, *implementation, "_M_header");
  auto count = FormatterSupport::deepMember(navigator, *implementation, "_M_node_count");
  if (!header || header->kind != Value::Kind::Memory || !count) return std::nullopt;
  Tree out;
  out.header = header->address;
  auto leftmost = navigator.memory().readUnsigned(out.header + kLeftOffset, 8);
  auto size = navigator.readUnsigned(*count, nullptr);
  if (!leftmost || !size) return std::nullopt;
  out.leftmost = *leftmost;
  out.size = static_cast<int64_t>(*size);
  out.valueType = FormatterSupport::templateArgument(implementation->type, "_Val");
  if (!out.valueType.valid) return std::nullopt;
  out.valueOffset = FormatterSupport::alignUp(kNodeBaseSize, FormatterSupport::alignmentOf(out.valueType));
  const std::string name = DwarfType::name(DwarfType::strip(value.type));
  out.isMap = name.rfind("std::map<", 0) == 0 || name.rfind("std::multimap<", 0) == 0;
  return out;
}

void StdTreeFormatter::walk(const Tree& tree, const Value& parent, int64_t start, int64_t count,
                            FormatterTools& tools, const std::function<bool(int64_t, const Value&)>& visit) const {
  MemoryCache& memory = tools.navigator.memory();
  uint64_t node = tree.leftmost;
  const int64_t end = count <= 0 ? tree.size : std::min(tree.size, start + count);
  for (int64_t index = 0; index < end && node != tree.header && node != 0; ++index) {
    if (index >= start && !visit(index, Value::inMemory(tree.valueType, node + tree.valueOffset, parent.frame))) return;
    // In-order successor (libstdc++'s _Rb_tree_increment).
    auto right = memory.readUnsigned(node + kRightOffset, 8);
    if (!right) return;
    if (*right) {
      node = *right;
      for (int guard = 0; guard < 128; ++guard) {
        auto left = memory.readUnsigned(node + kLeftOffset, 8);
        if (!left) return;
        if (!*left) break;
        node = *left;
      }
      continue;
    }
    auto up = memory.readUnsigned(node + kParentOffset, 8);
    for (int guard = 0; up && guard < 128; ++guard) {
      auto upRight = memory.readUnsigned(*up + kRightOffset, 8);
      if (!upRight || node != *upRight) break;
      node = *up;
      up = memory.readUnsigned(node + kParentOffset, 8);
    }
    if (!up) return;
    auto nodeRight = memory.readUnsigned(node + kRightOffset, 8);
    if (!nodeRight) return;
    if (*nodeRight != *up) node = *up;
  }
}

std::string StdTreeFormatter::summary(const Value& value, FormatterTools& tools, size_t limit) const {
  auto found = tree(value, tools);
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

int64_t StdTreeFormatter::indexedCount(const Value& value, FormatterTools& tools) const {
  auto found = tree(value, tools);
  return found ? found->size : 0;
}

std::vector<FormattedChild> StdTreeFormatter::indexed(const Value& value, const std::string&, int64_t start,
                                                      int64_t count, FormatterTools& tools) const {
  std::vector<FormattedChild> out;
  auto found = tree(value, tools);
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
