// StdSharedPtrFormatter: shared objects and their reference counts.
#include "symbols/formatters/StdSharedPtrFormatter.h"

#include <dwarf.h>

#include "symbols/DwarfType.h"
#include "symbols/formatters/FormatterSupport.h"

namespace rwd {

namespace {

std::vector<uint8_t> littleEndian(int64_t value) {
  std::vector<uint8_t> bytes(4);
  for (int i = 0; i < 4; ++i) bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(static_cast<uint64_t>(value) >> (8 * i));
  return bytes;
}

}  // namespace

bool StdSharedPtrFormatter::matches(const std::string& name, const TypeRef& type) const {
  return (name.rfind("std::shared_ptr<", 0) == 0 || name.rfind("std::weak_ptr<", 0) == 0) &&
         FormatterSupport::hasMember(type, "_M_ptr");
}

std::optional<StdSharedPtrFormatter::Counts> StdSharedPtrFormatter::counts(const Value& value, FormatterTools& tools) {
  ValueNavigator& navigator = tools.navigator;
  Counts out;
  auto block = FormatterSupport::deepMember(navigator, value, "_M_pi", DW_TAG_pointer_type);
  auto address = block ? navigator.readUnsigned(*block, nullptr) : std::nullopt;
  if (!address) return std::nullopt;
  if (*address == 0) return out;
  Value counted = navigator.dereference(*block);
  out.use = FormatterSupport::member(navigator, counted, "_M_use_count");
  auto weak = FormatterSupport::unsignedOf(navigator, FormatterSupport::member(navigator, counted, "_M_weak_count"));
  auto use = FormatterSupport::unsignedOf(navigator, out.use);
  if (!use || !weak) return std::nullopt;
  out.useCount = static_cast<int32_t>(*use);
  // The owners together hold one weak reference while any of them lives.
  out.weakCount = static_cast<int32_t>(*weak) - (out.useCount > 0 ? 1 : 0);
  return out;
}

std::optional<Value> StdSharedPtrFormatter::target(const Value& value, FormatterTools& tools,
                                                   std::string* problem) const {
  auto stored = FormatterSupport::member(tools.navigator, value, "_M_ptr");
  auto address = stored ? tools.navigator.readUnsigned(*stored, nullptr) : std::nullopt;
  if (!address) {
    if (problem) *problem = "cannot read the shared pointer '%s'";
    return std::nullopt;
  }
  if (*address == 0) {
    if (problem) *problem = "cannot dereference a null pointer: '%s' is empty";
    return std::nullopt;
  }
  return tools.navigator.dereference(*stored);
}

std::string StdSharedPtrFormatter::summary(const Value& value, FormatterTools& tools, size_t limit) const {
  auto stored = FormatterSupport::member(tools.navigator, value, "_M_ptr");
  auto address = stored ? tools.navigator.readUnsigned(*stored, nullptr) : std::nullopt;
  auto found = counts(value, tools);
  if (!address || !found) return "<unreadable>";
  if (*address == 0 && found->useCount == 0 && found->weakCount <= 0) return "nullptr";
  const std::string countText =
      " (use_count=" + std::to_string(found->useCount) + ", weak_count=" + std::to_string(found->weakCount) + ")";
  if (found->useCount == 0 || *address == 0) return "expired" + countText;
  return tools.text(tools.navigator.dereference(*stored), limit) + countText;
}

std::vector<FormattedChild> StdSharedPtrFormatter::named(const Value& value, const std::string& name,
                                                         const std::string& evaluateName, FormatterTools& tools) const {
  std::vector<FormattedChild> out;
  auto found = counts(value, tools);
  if (found && found->useCount > 0) {
    if (auto pointee = target(value, tools, nullptr)) {
      out.push_back({"*" + name, *pointee, evaluateName.empty() ? "" : "*" + evaluateName});
    }
  }
  if (!found) return out;
  const TypeRef count = TypeRef::computed(TypeRef::Scalar::Signed, 4);
  if (found->use) {
    out.push_back({"use_count", *found->use, FormatterSupport::addressExpression(*found->use)});
  } else {
    out.push_back({"use_count", Value::ofBytes(count, littleEndian(0), value.frame), ""});
  }
  out.push_back({"weak_count", Value::ofBytes(count, littleEndian(found->weakCount), value.frame), ""});
  return out;
}

}  // namespace rwd
