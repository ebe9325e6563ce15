// RustEnumFormatter: Rust enums with data (Option, Result and user enums)
// — DWARF structs with a variant part whose discriminant (a tag, or a
// niche in a field) picks the active variant. Shown by variant: "Some(5)",
// "None", "Err(\"bad\")", "Circle{radius=1.5}", "Empty"; the children are
// the active variant's fields, which `e.field` (or `e.__0`) also reaches.
#pragma once

#include <elfutils/libdw.h>

#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class RustEnumFormatter : public TypeFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;
  std::string summary(const Value& value, FormatterTools& tools, size_t limit) const override;
  std::vector<FormattedChild> named(const Value& value, const std::string& name, const std::string& evaluateName,
                                    FormatterTools& tools) const override;
  std::optional<Value> field(const Value& value, const std::string& name, FormatterTools& tools) const override;

 private:
  struct Variant {
    std::string name;
    Value payload;  // the variant's struct
    std::vector<Dwarf_Die> fields;
  };
  // The active variant; nullopt when the discriminant cannot be read or
  // matches no variant (`problem` says which).
  static std::optional<Variant> active(const Value& value, ValueNavigator& navigator, std::string* problem);
  static std::optional<Dwarf_Die> variantPart(const TypeRef& type);
};

}  // namespace rwd
