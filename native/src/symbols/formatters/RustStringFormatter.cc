// RustStringFormatter: the text of Rust strings.
#include "symbols/formatters/RustStringFormatter.h"

#include <dwarf.h>

#include <algorithm>

#include "symbols/DieTree.h"
#include "symbols/DwarfType.h"
#include "symbols/ValueFormatter.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

constexpr uint64_t kTextLimit = 200;

}  // namespace

bool RustStringFormatter::matches(const std::string& name, const TypeRef& type) const {
  if (DwarfType::tag(type) != DW_TAG_structure_type || !DieTree::isRust(const_cast<Dwarf_Die*>(&type.die)))
    return false;
  if (name == "alloc::string::String") return FormatterSupport::hasMember(type, "vec");
  return (name == "&str" || name == "&mut str") && FormatterSupport::hasMember(type, "data_ptr");
}

std::optional<std::pair<uint64_t, uint64_t>> RustStringFormatter::bytes(const Value& value, FormatterTools& tools) {
  ValueNavigator& navigator = tools.navigator;
  if (auto data = FormatterSupport::member(navigator, value, "data_ptr")) {
    auto address = navigator.readUnsigned(*data, nullptr);
    auto length = FormatterSupport::unsignedOf(navigator, FormatterSupport::member(navigator, value, "length"));
    if (!address || !length) return std::nullopt;
    return std::make_pair(*address, *length);
  }
  auto vec = FormatterSupport::member(navigator, value, "vec");
  if (!vec) return std::nullopt;
  auto buffer = FormatterSupport::member(navigator, *vec, "buf");
  // The first pointer inside the Vec's RawVec.
  auto pointer = buffer ? FormatterSupport::firstOfTag(navigator, *buffer, DW_TAG_pointer_type) : std::nullopt;
  auto address = pointer ? navigator.readUnsigned(*pointer, nullptr) : std::nullopt;
  auto length = FormatterSupport::unsignedOf(navigator, FormatterSupport::member(navigator, *vec, "len"));
  if (!address || !length) return std::nullopt;
  return std::make_pair(*address, *length);
}

std::optional<int64_t> RustStringFormatter::length(const Value& value, FormatterTools& tools) const {
  auto found = bytes(value, tools);
  if (!found) return std::nullopt;
  return static_cast<int64_t>(found->second);  // in bytes, as str::len
}

std::string RustStringFormatter::summary(const Value& value, FormatterTools& tools, size_t) const {
  auto found = bytes(value, tools);
  if (!found) return "<unreadable string>";
  const uint64_t shown = std::min(found->second, kTextLimit);
  std::string text(shown, '\0');
  if (shown && tools.navigator.memory().read(found->first, text.data(), shown) != shown) return "<unreadable string>";
  return ValueFormatter::quoted(text, shown == found->second);
}

std::optional<Value> RustStringFormatter::element(const Value& value, int64_t index, FormatterTools& tools) const {
  auto found = bytes(value, tools);
  if (!found) return std::nullopt;
  // The bytes as u8: the element type of the String's Vec<u8>, or of &str's pointer.
  TypeRef byte;
  if (auto data = FormatterSupport::member(tools.navigator, value, "data_ptr")) {
    byte = DwarfType::pointee(data->type);
  } else if (auto vec = FormatterSupport::member(tools.navigator, value, "vec")) {
    byte = FormatterSupport::templateArgument(vec->type, "T");
  }
  if (!byte.valid) return std::nullopt;
  return Value::inMemory(byte, found->first + static_cast<uint64_t>(index), value.frame);
}

}  // namespace rwd
