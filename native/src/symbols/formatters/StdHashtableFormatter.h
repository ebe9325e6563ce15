// StdHashtableFormatter: libstdc++ std::unordered_map / unordered_set (and
// their multi- forms) — the singly linked node list that starts at
// _M_before_begin, in the table's own order (the shared presentation is
// NodeContainerFormatter's). Maps show `["ann"] = 31`, sets `[i] = key`.
#pragma once

#include "symbols/formatters/NodeContainerFormatter.h"

namespace rwd {

class StdHashtableFormatter : public NodeContainerFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  std::optional<Nodes> nodes(const Value& value, FormatterTools& tools) const override;
  std::optional<uint64_t> next(uint64_t node, const Nodes& nodes, MemoryCache& memory) const override;
};

}  // namespace rwd
