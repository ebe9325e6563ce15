// StdSharedPtrFormatter: shared objects and their reference counts.
#include "symbols/formatters/StdSharedPtrFormatter.h"

#include <dwarf.h>

#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

std::vector<uint8_t> littleEndian(int64_t value) {
  std::vector<uint8_t> bytes(4);
  for (int i = 0; i < 4; ++i)
    bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(static_cast<uint64_t>(value) >> (8 * i));
  return bytes;
}

}  // namespace

bool StdSharedPtrFormatter::matches(const std::string& name, const TypeRef& type) const {
  return (name.rfind("std::shared_ptr<", 0) == 0 || name.rfind("std::weak_ptr<", 0) == 0) &&
         FormatterSupport::hasMember(type, "_M_ptr");
}

HolderFormatter::Holding StdSharedPtrFormatter::holding(const Value& value, FormatterTools& tools) const {
  ValueNavigator& navigator = tools.navigator;
  Holding out;
  out.emptyText = "nullptr";
  out.emptyProblem = "cannot dereference a null pointer: '%s' is empty";
  auto stored = FormatterSupport::member(navigator, value, "_M_ptr");
  auto address = stored ? navigator.readUnsigned(*stored, nullptr) : std::nullopt;
  // The control block's counts (none: no control block, nothing shared).
  auto block = FormatterSupport::deepMember(navigator, value, "_M_pi", DW_TAG_pointer_type);
  auto blockAddress = block ? navigator.readUnsigned(*block, nullptr) : std::nullopt;
  if (!address || !blockAddress) return out;
  std::optional<Value> use;
  int64_t useCount = 0, weakCount = 0;
  if (*blockAddress) {
    Value counted = navigator.dereference(*block);
    use = FormatterSupport::member(navigator, counted, "_M_use_count");
    auto uses = FormatterSupport::unsignedOf(navigator, use);
    auto weaks = FormatterSupport::unsignedOf(navigator, FormatterSupport::member(navigator, counted, "_M_weak_count"));
    if (!uses || !weaks) return out;
    useCount = static_cast<int32_t>(*uses);
    // The owners together hold one weak reference while any of them lives.
    weakCount = static_cast<int32_t>(*weaks) - (useCount > 0 ? 1 : 0);
  }
  out.readable = true;
  const std::string counts =
      " (use_count=" + std::to_string(useCount) + ", weak_count=" + std::to_string(weakCount) + ")";
  if (*address && useCount > 0) {
    out.held = pointee(value, *stored, tools);
    out.note = counts;
  } else if (useCount > 0 || weakCount > 0) {
    out.emptyText = "expired" + counts;
    out.emptyProblem = "cannot dereference '%s': the object it pointed to is gone (expired)";
  }
  const TypeRef countType = TypeRef::computed(TypeRef::Scalar::Signed, 4);
  if (use) {
    out.more.push_back({"use_count", *use, FormatterSupport::addressExpression(*use)});
  } else {
    out.more.push_back({"use_count", Value::ofBytes(countType, littleEndian(0), value.frame), ""});
  }
  out.more.push_back({"weak_count", Value::ofBytes(countType, littleEndian(weakCount), value.frame), ""});
  return out;
}

}  // namespace rwd
