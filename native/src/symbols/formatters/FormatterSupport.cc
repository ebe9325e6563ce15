// FormatterSupport: shared helpers of the type formatters.
#include "symbols/formatters/FormatterSupport.h"

#include <dwarf.h>

#include <algorithm>
#include <cstdio>

#include "symbols/DwarfType.h"

namespace rwd {

namespace {

bool isAggregate(int tag) {
  return tag == DW_TAG_structure_type || tag == DW_TAG_class_type || tag == DW_TAG_union_type;
}

}  // namespace

std::optional<Value> FormatterSupport::member(ValueNavigator& navigator, const Value& value, const std::string& name) {
  if (!isAggregate(DwarfType::tag(value.type))) return std::nullopt;
  return navigator.member(value, name);
}

std::optional<Value> FormatterSupport::deepMember(ValueNavigator& navigator, const Value& value,
                                                  const std::string& name, int tag, int depth) {
  if (depth <= 0 || !isAggregate(DwarfType::tag(value.type))) return std::nullopt;
  auto members = DwarfType::members(value.type);
  for (Dwarf_Die& member : members) {
    if (ValueNavigator::memberName(&member) != name || dwarf_tag(&member) == DW_TAG_inheritance) continue;
    Value found = navigator.memberValue(value, &member);
    if (tag == 0 || DwarfType::tag(found.type) == tag) return found;
  }
  for (Dwarf_Die& member : members) {
    if (!isAggregate(DwarfType::tag(DwarfType::typeOf(&member)))) continue;
    if (auto found = deepMember(navigator, navigator.memberValue(value, &member), name, tag, depth - 1)) return found;
  }
  return std::nullopt;
}

std::optional<Value> FormatterSupport::firstOfTag(ValueNavigator& navigator, const Value& value, int tag, int depth) {
  const int own = DwarfType::tag(value.type);
  if (own == tag) return value;
  if (depth <= 0 || !isAggregate(own)) return std::nullopt;
  for (Dwarf_Die& member : DwarfType::members(value.type)) {
    if (auto found = firstOfTag(navigator, navigator.memberValue(value, &member), tag, depth - 1)) return found;
  }
  return std::nullopt;
}

std::optional<Value> FormatterSupport::path(ValueNavigator& navigator, const Value& value,
                                            const std::string& dottedPath) {
  std::optional<Value> current = value;
  size_t from = 0;
  while (current && from <= dottedPath.size()) {
    size_t dot = dottedPath.find('.', from);
    if (dot == std::string::npos) dot = dottedPath.size();
    current = member(navigator, *current, dottedPath.substr(from, dot - from));
    from = dot + 1;
  }
  return current;
}

std::optional<uint64_t> FormatterSupport::unsignedOf(ValueNavigator& navigator, const std::optional<Value>& value) {
  if (!value) return std::nullopt;
  return navigator.readUnsigned(*value, nullptr);
}

bool FormatterSupport::hasMember(const TypeRef& type, const std::string& name) {
  for (Dwarf_Die& member : DwarfType::members(type)) {
    if (dwarf_tag(&member) == DW_TAG_inheritance) {
      if (hasMember(DwarfType::typeOf(&member), name)) return true;
    } else if (ValueNavigator::memberName(&member) == name) {
      return true;
    }
  }
  return false;
}

TypeRef FormatterSupport::templateArgument(const TypeRef& type, const std::string& name) {
  TypeRef stripped = DwarfType::strip(type);
  if (!stripped.valid || stripped.isMadeUp()) return {};
  Dwarf_Die child;
  if (dwarf_child(&stripped.die, &child) != 0) return {};
  do {
    if (dwarf_tag(&child) != DW_TAG_template_type_parameter) continue;
    const char* own = dwarf_diename(&child);
    if (own && name == own) return DwarfType::typeOf(&child);
  } while (dwarf_siblingof(&child, &child) == 0);
  return {};
}

TypeRef FormatterSupport::templateArgument(const TypeRef& type, int index) {
  TypeRef stripped = DwarfType::strip(type);
  if (!stripped.valid || stripped.isMadeUp()) return {};
  Dwarf_Die child;
  if (dwarf_child(&stripped.die, &child) != 0) return {};
  int seen = 0;
  do {
    if (dwarf_tag(&child) != DW_TAG_template_type_parameter) continue;
    if (seen++ == index) return DwarfType::typeOf(&child);
  } while (dwarf_siblingof(&child, &child) == 0);
  return {};
}

uint64_t FormatterSupport::alignmentOf(const TypeRef& type) {
  TypeRef stripped = DwarfType::strip(type);
  if (stripped.valid && !stripped.isMadeUp()) {
    Dwarf_Attribute attribute;
    Dwarf_Word alignment = 0;
    if (dwarf_attr(&stripped.die, DW_AT_alignment, &attribute) && dwarf_formudata(&attribute, &alignment) == 0 &&
        alignment > 0) {
      return alignment;
    }
  }
  const int tag = DwarfType::tag(type);
  if (tag == DW_TAG_array_type) return alignmentOf(DwarfType::elementOf(type));
  if (isAggregate(tag)) {
    uint64_t widest = 1;
    for (Dwarf_Die& member : DwarfType::members(type)) {
      widest = std::max(widest, alignmentOf(DwarfType::typeOf(&member)));
    }
    return widest;
  }
  const uint64_t size = DwarfType::size(type).value_or(1);
  return std::clamp<uint64_t>(size, 1, 16);
}

uint64_t FormatterSupport::alignUp(uint64_t offset, uint64_t alignment) {
  if (alignment <= 1) return offset;
  return (offset + alignment - 1) / alignment * alignment;
}

std::string FormatterSupport::preview(int64_t count, const std::function<Value(int64_t)>& elementAt,
                                      FormatterTools& tools, size_t limit) {
  std::string out = "{";
  for (int64_t i = 0; i < count; ++i) {
    if (out.size() > limit) {
      out += ", ...";
      break;
    }
    if (i) out += ", ";
    const size_t left = out.size() + 20 > limit ? 20 : limit - out.size();
    out += tools.text(elementAt(i), left);
  }
  return out + "}";
}

std::string FormatterSupport::addressExpression(const Value& value) {
  if (value.kind != Value::Kind::Memory || value.bitSize || value.type.isComputed()) return {};
  const std::string type = DwarfType::name(value.type);
  if (type.find_first_of("([") != std::string::npos || type.rfind('&', 0) == 0) return {};
  char address[24];
  std::snprintf(address, sizeof address, "0x%llx", static_cast<unsigned long long>(value.address));
  const bool pointer = !type.empty() && type.back() == '*';
  return "*(" + type + (pointer ? "*" : " *") + ")" + address;
}

}  // namespace rwd
