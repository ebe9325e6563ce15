// ContainerMethods: sizes, elements and held values through the formatters.
#include "symbols/ContainerMethods.h"

#include <vector>

#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"
#include "symbols/formatters/NodeContainerFormatter.h"

namespace rwd {

namespace {

std::vector<uint8_t> littleEndian(uint64_t value) {
  std::vector<uint8_t> bytes(8);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
  return bytes;
}

Value unsignedLong(uint64_t value) {
  return Value::ofBytes(TypeRef::computed(TypeRef::Scalar::Unsigned, 8), littleEndian(value), nullptr);
}

Value boolean(bool value) {
  return Value::ofBytes(TypeRef::computed(TypeRef::Scalar::Bool, 1), {static_cast<uint8_t>(value ? 1 : 0)}, nullptr);
}

bool isOption(const Value& object) {
  return DwarfType::name(DwarfType::strip(object.type)).rfind("core::option::Option<", 0) == 0;
}

}  // namespace

std::string ContainerMethods::names() {
  return "size(), len(), length(), empty(), is_empty(), front(), back(), at(i), get(), is_some(), is_none() and unwrap()";
}

std::optional<Value> ContainerMethods::call(const Value& object, const std::string& method,
                                            std::optional<int64_t> argument, const TypeFormatter& formatter,
                                            FormatterTools& tools, std::string* problem) {
  const bool takesIndex = method == "at";
  if (argument.has_value() != takesIndex) {
    if (problem && (takesIndex || method == "size" || method == "len" || method == "get")) {
      *problem = "'" + method + "()' takes " + (takesIndex ? "one index" : "no argument");
    }
    return std::nullopt;
  }
  if (isOption(object) && (method == "is_some" || method == "is_none" || method == "unwrap")) {
    // Option's Some holds its value in the field `__0`; None has none.
    auto held = formatter.field(object, "__0", tools);
    if (method == "unwrap") {
      if (!held && problem) *problem = "called unwrap() on a None value";
      return held;
    }
    return boolean(held.has_value() == (method == "is_some"));
  }
  if (method == "get") {
    std::string why;
    auto held = formatter.target(object, tools, &why);
    if (!held && why.empty()) return std::nullopt;  // not a smart pointer
    if (!held) {
      // An empty smart pointer's get() is a null pointer to its type.
      const TypeRef pointee = FormatterSupport::templateArgument(object.type, 0);
      return Value::ofBytes(TypeRef::pointerTo(pointee), littleEndian(0), nullptr);
    }
    if (held->kind != Value::Kind::Memory) return std::nullopt;
    return Value::ofBytes(TypeRef::pointerTo(held->type), littleEndian(held->address), held->frame);
  }
  const std::optional<int64_t> length = formatter.length(object, tools);
  if (!length) return std::nullopt;  // not a sequence: no size or elements
  const int64_t count = *length;
  if (method == "size" || method == "len" || method == "length") return unsignedLong(static_cast<uint64_t>(count));
  if (method == "empty" || method == "is_empty") return boolean(count == 0);
  if (method == "front" || method == "back" || method == "at") {
    // at(k) of a map is the value whose key is k: the formatter decides.
    const int64_t index = method == "front" ? 0 : method == "back" ? count - 1 : *argument;
    // Only a map's at(k) looks a key up; positions are checked against the size.
    const bool keyed = dynamic_cast<const NodeContainerFormatter*>(&formatter) && method == "at";
    auto found = keyed || (index >= 0 && index < count) ? formatter.element(object, index, tools) : std::nullopt;
    if (!found && problem) {
      *problem = count == 0
                     ? "'" + method + "()' of an empty container"
                     : "no element " + std::to_string(index) + " (the container has " + std::to_string(count) + ")";
    }
    return found;
  }
  return std::nullopt;
}

}  // namespace rwd
