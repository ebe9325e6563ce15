// StdTreeFormatter: libstdc++ std::map, std::multimap, std::set and
// std::multiset — a red-black tree walked in order from its leftmost node
// (the shared presentation is NodeContainerFormatter's). Maps show one
// child per entry named by its key, `[1] = "one"`; sets show `[i] = key`.
#pragma once

#include "symbols/formatters/NodeContainerFormatter.h"

namespace rwd {

class StdTreeFormatter : public NodeContainerFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  std::optional<Nodes> nodes(const Value& value, FormatterTools& tools) const override;
  // The in-order successor (libstdc++'s _Rb_tree_increment).
  std::optional<uint64_t> next(uint64_t node, const Nodes& nodes, MemoryCache& memory) const override;
};

}  // namespace rwd
