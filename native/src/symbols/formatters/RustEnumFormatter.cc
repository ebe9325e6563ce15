// RustEnumFormatter: the active variant of a Rust enum.
#include "symbols/formatters/RustEnumFormatter.h"

#include <dwarf.h>

#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

bool isTupleField(const std::string& name) {
  return name.size() > 2 && name.compare(0, 2, "__") == 0 &&
         name.find_first_not_of("0123456789", 2) == std::string::npos;
}

// DW_AT_discr_value of a variant, as the discriminant's bits.
std::optional<uint64_t> discriminantValue(Dwarf_Die* variant) {
  Dwarf_Attribute attribute;
  if (!dwarf_attr(variant, DW_AT_discr_value, &attribute)) return std::nullopt;
  Dwarf_Word unsignedValue = 0;
  if (dwarf_whatform(&attribute) != DW_FORM_sdata && dwarf_formudata(&attribute, &unsignedValue) == 0) {
    return unsignedValue;
  }
  Dwarf_Sword signedValue = 0;
  if (dwarf_formsdata(&attribute, &signedValue) == 0) return static_cast<uint64_t>(signedValue);
  return std::nullopt;
}

}  // namespace

std::optional<Dwarf_Die> RustEnumFormatter::variantPart(const TypeRef& type) {
  TypeRef stripped = DwarfType::strip(type);
  if (!stripped.valid || stripped.isMadeUp() || stripped.dimension > 0) return std::nullopt;
  Dwarf_Die child;
  if (dwarf_child(&stripped.die, &child) != 0) return std::nullopt;
  do {
    if (dwarf_tag(&child) == DW_TAG_variant_part) return child;
  } while (dwarf_siblingof(&child, &child) == 0);
  return std::nullopt;
}

bool RustEnumFormatter::matches(const std::string&, const TypeRef& type) const {
  return DwarfType::tag(type) == DW_TAG_structure_type && variantPart(type).has_value();
}

std::optional<RustEnumFormatter::Variant> RustEnumFormatter::active(const Value& value, ValueNavigator& navigator,
                                                                    std::string* problem) {
  auto part = variantPart(value.type);
  if (!part) return std::nullopt;
  std::optional<uint64_t> discriminant;
  uint64_t mask = ~0ull;
  Dwarf_Attribute attribute;
  Dwarf_Die tag;
  if (dwarf_attr(&*part, DW_AT_discr, &attribute) && dwarf_formref_die(&attribute, &tag)) {
    Value tagValue = navigator.memberValue(value, &tag);
    std::string why;
    discriminant = navigator.readUnsigned(tagValue, &why);
    if (!discriminant) {
      if (problem) *problem = why;
      return std::nullopt;
    }
    const uint64_t size = navigator.sizeOf(tagValue).value_or(8);
    if (size < 8) mask = (1ull << (8 * size)) - 1;
  }
  std::optional<Dwarf_Die> chosen, fallback;
  Dwarf_Die child;
  if (dwarf_child(&*part, &child) == 0) {
    do {
      if (dwarf_tag(&child) != DW_TAG_variant) continue;
      auto expected = discriminantValue(&child);
      if (!expected) {
        if (!dwarf_hasattr(&child, DW_AT_discr_list)) fallback = child;
      } else if (discriminant && (*expected & mask) == (*discriminant & mask)) {
        chosen = child;
        break;
      }
      if (!discriminant && !chosen) chosen = child;  // no discriminant: a single variant
    } while (dwarf_siblingof(&child, &child) == 0);
  }
  if (!chosen) chosen = fallback;
  if (!chosen) {
    if (problem) *problem = "no variant has discriminant " + std::to_string(discriminant.value_or(0));
    return std::nullopt;
  }
  Dwarf_Die member;
  if (dwarf_child(&*chosen, &member) != 0) return std::nullopt;
  while (dwarf_tag(&member) != DW_TAG_member) {
    if (dwarf_siblingof(&member, &member) != 0) return std::nullopt;
  }
  Variant out;
  out.name = ValueNavigator::memberName(&member);
  out.payload = navigator.memberValue(value, &member);
  out.fields = DwarfType::members(out.payload.type);
  return out;
}

std::string RustEnumFormatter::summary(const Value& value, FormatterTools& tools, size_t limit) const {
  std::string problem = "unknown variant";
  auto variant = active(value, tools.navigator, &problem);
  if (!variant) return "<" + problem + ">";
  if (variant->fields.empty()) return variant->name;
  bool tuple = true;
  for (Dwarf_Die& field : variant->fields) tuple = tuple && isTupleField(ValueNavigator::memberName(&field));
  std::string out = variant->name + (tuple ? "(" : "{");
  for (size_t i = 0; i < variant->fields.size(); ++i) {
    if (out.size() > limit) {
      out += ", ...";
      break;
    }
    if (i) out += ", ";
    if (!tuple) out += ValueNavigator::memberName(&variant->fields[i]) + "=";
    const size_t left = out.size() + 20 > limit ? 20 : limit - out.size();
    out += tools.text(tools.navigator.memberValue(variant->payload, &variant->fields[i]), left);
  }
  return out + (tuple ? ")" : "}");
}

std::vector<FormattedChild> RustEnumFormatter::named(const Value& value, const std::string&,
                                                     const std::string& evaluateName, FormatterTools& tools) const {
  std::vector<FormattedChild> out;
  auto variant = active(value, tools.navigator, nullptr);
  if (!variant) return out;
  for (Dwarf_Die& field : variant->fields) {
    const std::string name = ValueNavigator::memberName(&field);
    out.push_back({name, tools.navigator.memberValue(variant->payload, &field),
                   evaluateName.empty() ? "" : evaluateName + "." + name});
  }
  return out;
}

std::optional<Value> RustEnumFormatter::field(const Value& value, const std::string& name,
                                              FormatterTools& tools) const {
  auto variant = active(value, tools.navigator, nullptr);
  if (!variant) return std::nullopt;
  for (Dwarf_Die& field : variant->fields) {
    if (ValueNavigator::memberName(&field) == name) return tools.navigator.memberValue(variant->payload, &field);
  }
  return std::nullopt;
}

}  // namespace rwd
