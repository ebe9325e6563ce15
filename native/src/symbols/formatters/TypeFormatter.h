// TypeFormatter: a built-in view of one family of library types (libstdc++
// containers and smart pointers, Rust strings, vectors and enums) — how a
// value of the family reads in one line, which children it shows (indexed
// ones are computed from the data on demand, page by page, never all at
// once) and what `v[i]` and `*v` mean for it in expressions. The original
// structure stays reachable: the caller adds a "[raw]" child.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "symbols/Value.h"
#include "symbols/ValueNavigator.h"

namespace rwd {

struct FormattedChild {
  std::string name;
  Value value;
  std::string evaluateName;  // empty: the caller derives one (or none)
};

// What a formatter works with: the navigator that reads values, and the
// one-line text of a nested value within `limit` characters.
struct FormatterTools {
  ValueNavigator& navigator;
  std::function<std::string(const Value&, size_t limit)> text;
};

class TypeFormatter {
 public:
  virtual ~TypeFormatter() = default;
  // Whether this formatter shows values of `type` (stripped of typedefs and
  // qualifiers), whose qualified name is `name`.
  virtual bool matches(const std::string& name, const TypeRef& type) const = 0;
  virtual std::string summary(const Value& value, FormatterTools& tools, size_t limit) const = 0;
  // Children addressed by position ([0], [1], …): their number, and a page.
  virtual int64_t indexedCount(const Value& value, FormatterTools& tools) const { return 0; }
  virtual std::vector<FormattedChild> indexed(const Value& value, const std::string& evaluateName, int64_t start,
                                              int64_t count, FormatterTools& tools) const {
    return {};
  }
  // Children with names (the raw view not included). `name` and
  // `evaluateName` are the parent's.
  virtual std::vector<FormattedChild> named(const Value& value, const std::string& name,
                                            const std::string& evaluateName, FormatterTools& tools) const {
    return {};
  }
  // How many elements (or characters) the value holds, for `size()` and
  // `len()`; nullopt for families that hold no sequence.
  virtual std::optional<int64_t> length(const Value& value, FormatterTools& tools) const { return std::nullopt; }
  // `v[i]` in an expression (for a map, the value whose key is `i`);
  // nullopt when the family has no elements or there is no such one.
  virtual std::optional<Value> element(const Value& value, int64_t index, FormatterTools& tools) const {
    return std::nullopt;
  }
  // `m["key"]`: the value whose key reads as `keyText` (a string key shown
  // quoted, as the Variables view shows it); nullopt when none.
  virtual std::optional<Value> elementWithKeyText(const Value& value, const std::string& keyText,
                                                  FormatterTools& tools) const {
    return std::nullopt;
  }
  // `*v` and `v->m`: what a smart pointer or optional holds. Without it,
  // `problem` is the error for the user, with "%s" where the expression goes
  // ("cannot dereference a null pointer: '%s' is an empty unique_ptr").
  virtual std::optional<Value> target(const Value& value, FormatterTools& tools, std::string* problem) const {
    return std::nullopt;
  }
  // `v.m` where the value's own members do not have `m` (the fields of a
  // Rust enum's active variant).
  virtual std::optional<Value> field(const Value& value, const std::string& name, FormatterTools& tools) const {
    return std::nullopt;
  }
};

}  // namespace rwd
