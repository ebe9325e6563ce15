// NodeContainerFormatter: the common part of the formatters for libstdc++
// containers whose entries live in nodes, each leading to the next (the
// red-black tree of std::map and std::set, the node list of
// std::unordered_map and std::unordered_set, the full slots of Rust's
// HashMap and HashSet, the B-tree of Rust's BTreeMap and BTreeSet, which
// walks its own way) — "size=3 {[1]="one", …}",
// children paged by position (a page costs O(start + count) steps of the
// walk), map entries named by their keys (`[1] = "one"`, with the
// evaluateName `m[1]` for integer keys) and `m[key]` in expressions for
// integer keys. Subclasses say where the nodes are and how one node leads
// to the next.
#pragma once

#include "symbols/MemoryCache.h"
#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class NodeContainerFormatter : public TypeFormatter {
 public:
  std::string summary(const Value& value, FormatterTools& tools, size_t limit) const override;
  int64_t indexedCount(const Value& value, FormatterTools& tools) const override;
  std::optional<int64_t> length(const Value& value, FormatterTools& tools) const override {
    return indexedCount(value, tools);
  }
  std::vector<FormattedChild> indexed(const Value& value, const std::string& evaluateName, int64_t start, int64_t count,
                                      FormatterTools& tools) const override;
  std::optional<Value> element(const Value& value, int64_t key, FormatterTools& tools) const override;
  std::optional<Value> elementWithKeyText(const Value& value, const std::string& keyText,
                                          FormatterTools& tools) const override;

 protected:
  struct Nodes {
    uint64_t first = 0;  // the first node
    uint64_t end = 0;    // what follows the last node (a tree's header; 0 for a list)
    int64_t size = 0;
    TypeRef valueType;         // pair<const K, V> for maps, K for sets
    uint64_t valueOffset = 0;  // from a node to its value
    bool isMap = false;
    // The members of a map entry (a C++ pair; a Rust tuple has __0, __1).
    const char* keyMember = "first";
    const char* mappedMember = "second";
    // Open-addressing tables (Rust's hashbrown), whose nodes are the full
    // slots: the control bytes, how many slots, and a slot's size.
    uint64_t control = 0;
    int64_t slots = 0;
    uint64_t stride = 0;
  };
  // One entry of the walk: what a set shows, and a map's key and mapped value.
  struct Entry {
    Value value;
    std::optional<Value> key;
    std::optional<Value> mapped;
  };
  // Visits up to `count` entries from `start` in order; stops early when a
  // node cannot be read or `visit` returns false. This one follows next()
  // from node to node; a container whose entries are not one per node
  // walks its own way.
  virtual void walk(const Nodes& nodes, const Value& parent, int64_t start, int64_t count, FormatterTools& tools,
                    const std::function<bool(int64_t, const Entry&)>& visit) const;
  // Where the nodes are; nullopt when the container cannot be read.
  virtual std::optional<Nodes> nodes(const Value& value, FormatterTools& tools) const = 0;
  // The node after `node`; nullopt when it cannot be read.
  virtual std::optional<uint64_t> next(uint64_t node, const Nodes& nodes, MemoryCache& memory) const = 0;
  // Fills in the value type (template argument `argument` of `implementation`),
  // where values start in a node whose link part is `linkSize` bytes, and
  // whether the container is a map (its name starts with one of `mapNames`).
  static bool describeValues(Nodes& nodes, const Value& container, const Value& implementation, const char* argument,
                             uint64_t linkSize, std::initializer_list<const char*> mapNames);

 private:
  // The mapped value of the first entry whose key `isKey` accepts (it
  // answers nullopt to give up: keys of the wrong kind).
  std::optional<Value> mappedWhere(const Value& value, FormatterTools& tools,
                                   const std::function<std::optional<bool>(const Value&)>& isKey) const;
  // The integer key of a map entry; nullopt when keys are not integers.
  static std::optional<int64_t> integerKey(const Value& key, FormatterTools& tools);
};

}  // namespace rwd
