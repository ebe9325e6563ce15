// StdHashtableFormatter: libstdc++ std::unordered_map / unordered_set (and
// their multi- forms) — the singly linked node list that starts at
// _M_before_begin, in the table's own order. Maps show `["ann"] = 31`,
// sets `[i] = key`.
#pragma once

#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class StdHashtableFormatter : public TypeFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;
  std::string summary(const Value& value, FormatterTools& tools, size_t limit) const override;
  int64_t indexedCount(const Value& value, FormatterTools& tools) const override;
  std::vector<FormattedChild> indexed(const Value& value, const std::string& evaluateName, int64_t start, int64_t count,
                                      FormatterTools& tools) const override;

 private:
  struct Table {
    uint64_t first = 0;  // first node (0: empty)
    int64_t size = 0;
    TypeRef valueType;
    uint64_t valueOffset = 0;  // from a node to its value
    bool isMap = false;
  };
  std::optional<Table> table(const Value& value, FormatterTools& tools) const;
  void walk(const Table& table, const Value& parent, int64_t start, int64_t count, FormatterTools& tools,
            const std::function<bool(int64_t, const Value&)>& visit) const;
};

}  // namespace rwd
