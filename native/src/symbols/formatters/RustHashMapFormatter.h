// RustHashMapFormatter: Rust's HashMap<K, V> and HashSet<T> — a hashbrown
// table whose entries sit in the full slots below its control bytes (slot
// i ends where the control bytes start, i + 1 slots down; a control byte
// with the high bit clear marks a full slot) — shown as the std containers
// are: "size=2 {["bolt"]=3, ["nut"]=5}", entries in the table's order.
#pragma once

#include "symbols/formatters/NodeContainerFormatter.h"

namespace rwd {

class RustHashMapFormatter : public NodeContainerFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  std::optional<Nodes> nodes(const Value& value, FormatterTools& tools) const override;
  std::optional<uint64_t> next(uint64_t node, const Nodes& nodes, MemoryCache& memory) const override;

 private:
  // The first full slot at or after `slot`, as a node address; 0 when none.
  static std::optional<uint64_t> fullSlotFrom(int64_t slot, const Nodes& nodes, MemoryCache& memory);
};

}  // namespace rwd
