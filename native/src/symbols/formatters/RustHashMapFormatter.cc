// RustHashMapFormatter: hashbrown's RawTable read slot by slot.
#include "symbols/formatters/RustHashMapFormatter.h"

#include <dwarf.h>

#include "symbols/DieTree.h"
#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

constexpr const char* kMapPrefix = "std::collections::hash::map::HashMap<";
constexpr const char* kSetPrefix = "std::collections::hash::set::HashSet<";

}  // namespace

bool RustHashMapFormatter::matches(const std::string& name, const TypeRef& type) const {
  if (DwarfType::tag(type) != DW_TAG_structure_type || !DieTree::isRust(const_cast<Dwarf_Die*>(&type.die)))
    return false;
  return (name.rfind(kMapPrefix, 0) == 0 || name.rfind(kSetPrefix, 0) == 0) &&
         FormatterSupport::hasMember(type, "base");
}

std::optional<NodeContainerFormatter::Nodes> RustHashMapFormatter::nodes(const Value& value,
                                                                         FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  // HashMap → hashbrown HashMap → RawTable<(K, V)> → RawTableInner.
  auto table = FormatterSupport::deepMember(navigator, value, "table", DW_TAG_structure_type);
  if (!table) return std::nullopt;
  auto control = FormatterSupport::deepMember(navigator, *table, "ctrl");
  auto pointer = control ? FormatterSupport::firstOfTag(navigator, *control, DW_TAG_pointer_type) : std::nullopt;
  auto address = pointer ? navigator.readUnsigned(*pointer, nullptr) : std::nullopt;
  auto mask = FormatterSupport::unsignedOf(navigator, FormatterSupport::deepMember(navigator, *table, "bucket_mask"));
  auto items = FormatterSupport::unsignedOf(navigator, FormatterSupport::deepMember(navigator, *table, "items"));
  const TypeRef entry = FormatterSupport::templateArgument(table->type, "T");
  if (!address || !mask || !items || !entry.valid || *mask > (uint64_t{1} << 40) || *items > *mask + 1)
    return std::nullopt;
  Nodes out;
  out.size = static_cast<int64_t>(*items);
  out.control = *address;
  out.slots = static_cast<int64_t>(*mask + 1);
  out.stride = DwarfType::size(entry).value_or(0);
  if (out.stride == 0) return std::nullopt;
  out.isMap = DwarfType::name(DwarfType::strip(value.type)).rfind(kMapPrefix, 0) == 0;
  out.keyMember = "__0";
  out.mappedMember = "__1";
  out.valueType = entry;
  if (!out.isMap) {
    // A set's entry is (T, ()): show the T.
    for (Dwarf_Die& member : DwarfType::members(entry)) {
      if (ValueNavigator::memberName(&member) != "__0") continue;
      out.valueType = DwarfType::typeOf(&member);
      Dwarf_Word offset = 0;
      Dwarf_Attribute attribute;
      if (dwarf_attr(&member, DW_AT_data_member_location, &attribute) && dwarf_formudata(&attribute, &offset) == 0) {
        out.valueOffset = offset;
      }
    }
  }
  auto first = out.size > 0 ? fullSlotFrom(0, out, navigator.memory()) : std::optional<uint64_t>(0);
  if (!first) return std::nullopt;
  out.first = *first;
  out.end = 0;
  return out;
}

std::optional<uint64_t> RustHashMapFormatter::fullSlotFrom(int64_t slot, const Nodes& nodes, MemoryCache& memory) {
  for (int64_t index = slot; index < nodes.slots; ++index) {
    uint8_t control = 0;
    if (memory.read(nodes.control + static_cast<uint64_t>(index), &control, 1) != 1) return std::nullopt;
    if ((control & 0x80) == 0) return nodes.control - static_cast<uint64_t>(index + 1) * nodes.stride;
  }
  return uint64_t{0};
}

std::optional<uint64_t> RustHashMapFormatter::next(uint64_t node, const Nodes& nodes, MemoryCache& memory) const {
  if (node >= nodes.control || (nodes.control - node) % nodes.stride != 0) return std::nullopt;
  const auto slot = static_cast<int64_t>((nodes.control - node) / nodes.stride) - 1;
  return fullSlotFrom(slot + 1, nodes, memory);
}

}  // namespace rwd
