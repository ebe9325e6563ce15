// StdTreeFormatter: libstdc++ std::map, std::multimap, std::set and
// std::multiset — a red-black tree walked in order from its leftmost node.
// Maps show one child per entry named by its key, `[1] = "one"`, whose
// value is the mapped value; sets show `[i] = key`. A page costs
// O(start + count) steps of the walk.
#pragma once

#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class StdTreeFormatter : public TypeFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;
  std::string summary(const Value& value, FormatterTools& tools, size_t limit) const override;
  int64_t indexedCount(const Value& value, FormatterTools& tools) const override;
  std::vector<FormattedChild> indexed(const Value& value, const std::string& evaluateName, int64_t start, int64_t count,
                                      FormatterTools& tools) const override;

 private:
  struct Tree {
    uint64_t header = 0;  // address of _M_header (the end node)
    uint64_t leftmost = 0;
    int64_t size = 0;
    TypeRef valueType;  // pair<const K, V> for maps, K for sets
    uint64_t valueOffset = 0;  // from a node to its value
    bool isMap = false;
  };
  std::optional<Tree> tree(const Value& value, FormatterTools& tools) const;
  // Visits up to `count` entries from `start` in order; stops early when the
  // tree cannot be read or `visit` returns false.
  void walk(const Tree& tree, const Value& parent, int64_t start, int64_t count, FormatterTools& tools,
            const std::function<bool(int64_t, const Value&)>& visit) const;
};

}  // namespace rwd
