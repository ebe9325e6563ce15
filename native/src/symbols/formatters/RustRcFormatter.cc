// RustRcFormatter: the RcInner / ArcInner an Rc or Arc points at — its
// strong and weak counts and the value (`value` in Rc, `data` in Arc).
#include "symbols/formatters/RustRcFormatter.h"

#include <dwarf.h>

#include "symbols/DieTree.h"
#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

bool RustRcFormatter::matches(const std::string& name, const TypeRef& type) const {
  if (!DieTree::isRust(const_cast<Dwarf_Die*>(&type.die))) return false;
  return (name.rfind("alloc::rc::Rc<", 0) == 0 || name.rfind("alloc::sync::Arc<", 0) == 0) &&
         FormatterSupport::hasMember(type, "ptr");
}

HolderFormatter::Holding RustRcFormatter::holding(const Value& value, FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  Holding out;
  out.emptyText = "<dangling>";
  out.emptyProblem = "cannot dereference '%s': its shared value is gone";
  auto ptr = FormatterSupport::member(navigator, value, "ptr");
  auto pointer = ptr ? FormatterSupport::deepMember(navigator, *ptr, "pointer", DW_TAG_pointer_type) : std::nullopt;
  auto address = pointer ? navigator.readUnsigned(*pointer, nullptr) : std::nullopt;
  if (!address || *address == 0) return out;
  Value inner = navigator.dereference(*pointer);
  auto strongField = FormatterSupport::member(navigator, inner, "strong");
  auto weakField = FormatterSupport::member(navigator, inner, "weak");
  // The counts inside Cell<usize> or AtomicUsize.
  auto strong = strongField ? FormatterSupport::firstOfTag(navigator, *strongField, DW_TAG_base_type) : std::nullopt;
  auto weak = weakField ? FormatterSupport::firstOfTag(navigator, *weakField, DW_TAG_base_type) : std::nullopt;
  auto strongCount = FormatterSupport::unsignedOf(navigator, strong);
  auto weakCount = FormatterSupport::unsignedOf(navigator, weak);
  auto held = FormatterSupport::member(navigator, inner, "value");
  if (!held) held = FormatterSupport::member(navigator, inner, "data");
  if (!strongCount || !weakCount || !held) return out;
  out.readable = true;
  const uint64_t weakShown = *weakCount - (*strongCount > 0 && *weakCount > 0 ? 1 : 0);
  out.note = " (strong=" + std::to_string(*strongCount) + ", weak=" + std::to_string(weakShown) + ")";
  if (*strongCount > 0) out.held = held;
  // Rc<dyn Trait>: NonNull's pointer is itself a fat pointer with the vtable.
  auto fat = ptr ? FormatterSupport::deepMember(navigator, *ptr, "pointer", DW_TAG_structure_type) : std::nullopt;
  if (*strongCount > 0 && fat && RustVtable::isFatPointer(fat->type)) showConcrete(*fat, inner, *held, tools, out);
  out.more.push_back({"strong", *strong, FormatterSupport::addressExpression(*strong)});
  // The weak count as Rc::weak_count gives it, so it agrees with the summary.
  std::vector<uint8_t> bytes(8);
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<uint8_t>(weakShown >> (8 * i));
  out.more.push_back({"weak", Value::ofBytes(TypeRef::computed(TypeRef::Scalar::Unsigned, 8), bytes, value.frame), ""});
  return out;
}

void RustRcFormatter::showConcrete(const Value& fat, const Value& inner, const Value& declared, FormatterTools& tools,
                                   Holding& out) const {
  ValueNavigator& navigator = tools.navigator;
  const RustVtable::Target target = RustVtable::read(navigator, fat, owner_);
  if (!target.readable || target.data != inner.address || declared.kind != Value::Kind::Memory) return;
  if (!target.concrete) {
    out.held.reset();
    out.emptyText = RustVtable::unknownText(target.vtable) + out.note;
    out.emptyProblem = "cannot dereference '%s': no debug information names the concrete type behind it";
    return;
  }
  // The declared offset is right after the counts; the value starts at the next multiple of its alignment.
  const uint64_t header = declared.address - inner.address;
  const uint64_t offset = FormatterSupport::alignUp(header, RustVtable::alignment(navigator, target, fat));
  out.lead = DwarfType::name(*target.concrete) + " ";
  out.held = Value::inMemory(*target.concrete, inner.address + offset, fat.frame);
}

}  // namespace rwd
