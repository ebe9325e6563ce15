// StdTreeFormatter: where libstdc++ red-black trees keep their nodes, and
// the in-order step from one node to the next.
#include "symbols/formatters/StdTreeFormatter.h"

#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

// _Rb_tree_node_base: color, parent, left, right.
constexpr uint64_t kParentOffset = 8;
constexpr uint64_t kLeftOffset = 16;
constexpr uint64_t kRightOffset = 24;
constexpr uint64_t kNodeBaseSize = 32;
constexpr int kMaxTreeHeight = 128;

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

std::optional<NodeContainerFormatter::Nodes> StdTreeFormatter::nodes(const Value& value, FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  auto implementation = FormatterSupport::member(navigator, value, "_M_t");
  if (!implementation) return std::nullopt;
  auto header = FormatterSupport::deepMember(navigator, *implementation, "_M_header");
  auto count = FormatterSupport::deepMember(navigator, *implementation, "_M_node_count");
  if (!header || header->kind != Value::Kind::Memory || !count) return std::nullopt;
  Nodes out;
  out.end = header->address;
  auto leftmost = navigator.memory().readUnsigned(out.end + kLeftOffset, 8);
  auto size = navigator.readUnsigned(*count, nullptr);
  if (!leftmost || !size) return std::nullopt;
  out.first = *leftmost;
  out.size = static_cast<int64_t>(*size);
  if (!describeValues(out, value, *implementation, "_Val", kNodeBaseSize, {"std::map<", "std::multimap<"})) {
    return std::nullopt;
  }
  return out;
}

std::optional<uint64_t> StdTreeFormatter::next(uint64_t node, const Nodes&, MemoryCache& memory) const {
  auto right = memory.readUnsigned(node + kRightOffset, 8);
  if (!right) return std::nullopt;
  if (*right) {
    // The leftmost node of the right subtree.
    node = *right;
    for (int guard = 0; guard < kMaxTreeHeight; ++guard) {
      auto left = memory.readUnsigned(node + kLeftOffset, 8);
      if (!left) return std::nullopt;
      if (!*left) break;
      node = *left;
    }
    return node;
  }
  // Up while coming from the right.
  auto up = memory.readUnsigned(node + kParentOffset, 8);
  for (int guard = 0; up && guard < kMaxTreeHeight; ++guard) {
    auto upRight = memory.readUnsigned(*up + kRightOffset, 8);
    if (!upRight || node != *upRight) break;
    node = *up;
    up = memory.readUnsigned(node + kParentOffset, 8);
  }
  if (!up) return std::nullopt;
  auto nodeRight = memory.readUnsigned(node + kRightOffset, 8);
  if (!nodeRight) return std::nullopt;
  return *nodeRight != *up ? *up : node;
}

}  // namespace rwd
