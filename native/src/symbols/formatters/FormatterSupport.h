// FormatterSupport: what the type formatters share — finding members by
// name through base classes and wrappers, template arguments, alignment,
// the "{a, b, …}" preview of a sequence, and an expression that names a
// value by its address (for children that have no shorter name).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>

#include "symbols/Value.h"
#include "symbols/ValueNavigator.h"
#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class FormatterSupport {
 public:
  // A direct member (or one of a base class or anonymous member).
  static std::optional<Value> member(ValueNavigator& navigator, const Value& value, const std::string& name);
  // Depth-first through members and bases: the first member called `name`
  // whose stripped type has `tag` (0: any).
  static std::optional<Value> deepMember(ValueNavigator& navigator, const Value& value, const std::string& name,
                                         int tag = 0, int depth = 8);
  // Depth-first: the value itself when its stripped type has `tag`, else
  // the first such member, whatever its name (what a library's wrappers —
  // Unique, NonNull, Cell, AtomicUsize — hold, as their layout changes
  // between versions).
  static std::optional<Value> firstOfTag(ValueNavigator& navigator, const Value& value, int tag, int depth = 8);
  // Follows a path of member names ("_M_impl._M_start").
  static std::optional<Value> path(ValueNavigator& navigator, const Value& value, const std::string& dottedPath);
  static std::optional<uint64_t> unsignedOf(ValueNavigator& navigator, const std::optional<Value>& value);
  // Whether the type or one of its base classes has a member `name`.
  static bool hasMember(const TypeRef& type, const std::string& name);
  // DW_TAG_template_type_parameter `name` (or the index-th one) of a type.
  static TypeRef templateArgument(const TypeRef& type, const std::string& name);
  static TypeRef templateArgument(const TypeRef& type, int index);
  static uint64_t alignmentOf(const TypeRef& type);
  static uint64_t alignUp(uint64_t offset, uint64_t alignment);
  // "{a, b, c, ...}" of `count` elements within about `limit` characters.
  static std::string preview(int64_t count, const std::function<Value(int64_t)>& elementAt, FormatterTools& tools,
                             size_t limit);
  // `*(T *)0x…` for a value in memory whose type can be written so; empty otherwise.
  static std::string addressExpression(const Value& value);
  static std::string indexName(int64_t index) { return "[" + std::to_string(index) + "]"; }
};

}  // namespace rwd
