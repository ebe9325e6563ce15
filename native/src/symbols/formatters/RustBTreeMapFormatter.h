// RustBTreeMapFormatter: Rust's BTreeMap<K, V> and BTreeSet<T> — a B-tree
// of nodes (LeafNode: `len` entries in the arrays `keys` and `vals`; an
// InternalNode is a LeafNode followed, #[repr(C)], by `len + 1` child
// pointers in `edges`), `height` levels of internal nodes above the
// leaves — shown in key order as the std containers are:
// "size=3 {[1]="one", [2]="two", [3]="three"}", with `m.len()`, `m[1]` and
// `m["key"]` through NodeContainerFormatter.
#pragma once

#include "symbols/formatters/NodeContainerFormatter.h"

namespace rwd {

class RustBTreeMapFormatter : public NodeContainerFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  std::optional<Nodes> nodes(const Value& value, FormatterTools& tools) const override;
  // Entries are not one per node: walk() goes through the tree in order.
  std::optional<uint64_t> next(uint64_t, const Nodes&, MemoryCache&) const override { return std::nullopt; }
  void walk(const Nodes& nodes, const Value& parent, int64_t start, int64_t count, FormatterTools& tools,
            const std::function<bool(int64_t, const Entry&)>& visit) const override;

 private:
  // Where a node's parts are, from the DWARF of LeafNode<K, V>.
  struct Layout {
    uint64_t root = 0;
    int64_t height = 0;
    int64_t length = 0;
    bool isMap = false;
    TypeRef keyType;
    TypeRef valueType;
    uint64_t keysOffset = 0;
    uint64_t valsOffset = 0;
    uint64_t keyStride = 0;
    uint64_t valueStride = 0;
    uint64_t lenOffset = 0;
    uint64_t edgesOffset = 0;
    uint64_t capacity = 0;
  };
  static std::optional<Layout> layout(const Value& value, FormatterTools& tools);
};

}  // namespace rwd
