// RustVtable: the data address, vtable address, concrete type and alignment behind a `dyn Trait` fat pointer.
#include "symbols/formatters/RustVtable.h"

#include <dwarf.h>

#include "symbols/DwarfType.h"
#include "symbols/ValueFormatter.h"
#include "symbols/ValueNavigator.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {
// A vtable starts with drop_in_place, size and align, each a usize.
constexpr uint64_t kAlignEntryOffset = 16;
}  // namespace

bool RustVtable::isFatPointer(const TypeRef& type) {
  return FormatterSupport::hasMember(type, "pointer") && FormatterSupport::hasMember(type, "vtable");
}

bool RustVtable::isTraitObject(const TypeRef& type) {
  if (!isFatPointer(type)) return false;
  for (Dwarf_Die& member : DwarfType::members(type)) {
    if (ValueNavigator::memberName(&member) != "pointer") continue;
    TypeRef pointer = DwarfType::typeOf(&member);
    return DwarfType::tag(pointer) == DW_TAG_pointer_type &&
           DwarfType::name(DwarfType::pointee(pointer)).rfind("dyn ", 0) == 0;
  }
  return false;
}

RustVtable::Target RustVtable::read(ValueNavigator& navigator, const Value& fat, const Owner& owner) {
  Target target;
  auto pointerOf = [&](const char* name) -> std::optional<Value> {
    auto field = FormatterSupport::member(navigator, fat, name);
    return field ? FormatterSupport::firstOfTag(navigator, *field, DW_TAG_pointer_type) : std::nullopt;
  };
  auto data = pointerOf("pointer");
  auto vtable = pointerOf("vtable");
  auto address = data ? navigator.readUnsigned(*data, nullptr) : std::nullopt;
  auto table = vtable ? navigator.readUnsigned(*vtable, nullptr) : std::nullopt;
  if (!address || !table) return target;
  target.readable = true;
  target.data = *address;
  target.vtable = *table;
  if (target.data != 0 && owner) target.concrete = owner(target.vtable);
  return target;
}

uint64_t RustVtable::alignment(ValueNavigator& navigator, const Target& target, const Value& context) {
  Value entry = Value::inMemory(TypeRef::computed(TypeRef::Scalar::Unsigned, 8), target.vtable + kAlignEntryOffset,
                                context.frame);
  auto read = navigator.readUnsigned(entry, nullptr);
  // An alignment is a power of two; anything else is not a vtable's align entry.
  if (read && *read > 0 && (*read & (*read - 1)) == 0) return *read;
  return target.concrete ? FormatterSupport::alignmentOf(*target.concrete) : 1;
}

std::string RustVtable::unknownText(uint64_t vtable) {
  return "<unknown concrete type: no debug information names the vtable at " + ValueFormatter::hex(vtable) + ">";
}

}  // namespace rwd
