// RustBTreeMapFormatter: BTreeMap's nodes read from the root, in key order.
#include "symbols/formatters/RustBTreeMapFormatter.h"

#include <dwarf.h>

#include "symbols/DieTree.h"
#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

constexpr const char* kMapPrefix = "alloc::collections::btree::map::BTreeMap<";
constexpr const char* kSetPrefix = "alloc::collections::btree::set::BTreeSet<";
constexpr int64_t kMaxHeight = 48;  // far above any tree that fits in memory

}  // namespace

bool RustBTreeMapFormatter::matches(const std::string& name, const TypeRef& type) const {
  if (DwarfType::tag(type) != DW_TAG_structure_type || !DieTree::isRust(const_cast<Dwarf_Die*>(&type.die)))
    return false;
  return (name.rfind(kMapPrefix, 0) == 0 && FormatterSupport::hasMember(type, "root")) ||
         (name.rfind(kSetPrefix, 0) == 0 && FormatterSupport::hasMember(type, "map"));
}

std::optional<RustBTreeMapFormatter::Layout> RustBTreeMapFormatter::layout(const Value& value, FormatterTools& tools) {
  ValueNavigator& navigator = tools.navigator;
  Layout out;
  out.isMap = DwarfType::name(DwarfType::strip(value.type)).rfind(kMapPrefix, 0) == 0;
  // A set is a BTreeMap<T, SetValZST> called `map`.
  auto map = out.isMap ? std::optional<Value>(value) : FormatterSupport::member(navigator, value, "map");
  if (!map) return std::nullopt;
  auto length = FormatterSupport::unsignedOf(navigator, FormatterSupport::member(navigator, *map, "length"));
  auto root = FormatterSupport::member(navigator, *map, "root");
  if (!length || !root || *length > (uint64_t{1} << 40)) return std::nullopt;
  out.length = static_cast<int64_t>(*length);
  if (out.length == 0) return out;  // the root may be None
  // Option<NodeRef> (None is a null `node`): NodeRef { height, node: NonNull<LeafNode<K, V>> }.
  auto height = FormatterSupport::unsignedOf(navigator, FormatterSupport::deepMember(navigator, *root, "height"));
  auto node = FormatterSupport::deepMember(navigator, *root, "node");
  auto pointer = node ? FormatterSupport::firstOfTag(navigator, *node, DW_TAG_pointer_type) : std::nullopt;
  auto address = pointer ? navigator.readUnsigned(*pointer, nullptr) : std::nullopt;
  if (!height || !address || *address == 0 || *height > static_cast<uint64_t>(kMaxHeight)) return std::nullopt;
  out.root = *address;
  out.height = static_cast<int64_t>(*height);
  const TypeRef leafType = DwarfType::pointee(pointer->type);
  const Value leaf = Value::inMemory(leafType, out.root, value.frame);
  auto keys = navigator.member(leaf, "keys");
  auto vals = navigator.member(leaf, "vals");
  auto len = navigator.member(leaf, "len");
  out.keyType = FormatterSupport::templateArgument(leafType, "K");
  out.valueType = FormatterSupport::templateArgument(leafType, "V");
  const auto leafSize = DwarfType::size(leafType);
  if (!keys || !vals || !len || !out.keyType.valid || !out.valueType.valid || !leafSize ||
      keys->kind != Value::Kind::Memory || vals->kind != Value::Kind::Memory || len->kind != Value::Kind::Memory) {
    return std::nullopt;
  }
  out.keysOffset = keys->address - out.root;
  out.valsOffset = vals->address - out.root;
  out.lenOffset = len->address - out.root;
  // MaybeUninit<K> has K's size; a zero-sized V (a set's SetValZST) has stride 0.
  out.keyStride = DwarfType::size(DwarfType::elementOf(keys->type)).value_or(0);
  out.valueStride = DwarfType::size(DwarfType::elementOf(vals->type)).value_or(0);
  out.capacity = navigator.arrayCount(*keys).value_or(0);
  // InternalNode is #[repr(C)] { data: LeafNode, edges: [pointer; CAPACITY + 1] }.
  out.edgesOffset = FormatterSupport::alignUp(*leafSize, 8);
  if (out.keyStride == 0 || out.capacity == 0) return std::nullopt;
  return out;
}

std::optional<NodeContainerFormatter::Nodes> RustBTreeMapFormatter::nodes(const Value& value,
                                                                          FormatterTools& tools) const {
  auto found = layout(value, tools);
  if (!found) return std::nullopt;
  Nodes out;
  out.size = found->length;
  out.first = found->root;
  out.isMap = found->isMap;
  out.valueType = found->keyType;
  return out;
}

void RustBTreeMapFormatter::walk(const Nodes& nodes, const Value& parent, int64_t start, int64_t count,
                                 FormatterTools& tools, const std::function<bool(int64_t, const Entry&)>& visit) const {
  auto tree = layout(parent, tools);
  if (!tree || tree->length == 0) return;
  const int64_t end = count <= 0 ? nodes.size : std::min(nodes.size, start + count);
  MemoryCache& memory = tools.navigator.memory();
  int64_t index = 0;
  // In order: child 0, entry 0, child 1, entry 1, …, child len. False: stop.
  std::function<bool(uint64_t, int64_t)> inOrder = [&](uint64_t node, int64_t height) -> bool {
    uint16_t len = 0;
    if (memory.read(node + tree->lenOffset, &len, sizeof len) != sizeof len || len > tree->capacity) return false;
    for (uint64_t slot = 0; slot <= len; ++slot) {
      if (height > 0) {
        uint64_t child = 0;
        if (memory.read(node + tree->edgesOffset + slot * 8, &child, sizeof child) != sizeof child || child == 0)
          return false;
        if (!inOrder(child, height - 1)) return false;
      }
      if (slot == len || index >= end) return index < end;
      if (index >= start) {
        Entry entry{Value::inMemory(tree->keyType, node + tree->keysOffset + slot * tree->keyStride, parent.frame),
                    std::nullopt, std::nullopt};
        if (tree->isMap) {
          entry.key = entry.value;
          entry.mapped =
              Value::inMemory(tree->valueType, node + tree->valsOffset + slot * tree->valueStride, parent.frame);
        }
        if (!visit(index, entry)) return false;
      }
      ++index;
    }
    return index < end;
  };
  inOrder(tree->root, tree->height);
}

}  // namespace rwd
