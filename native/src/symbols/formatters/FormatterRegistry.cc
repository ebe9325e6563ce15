// FormatterRegistry: the list of formatters and the choice per type.
#include "symbols/formatters/FormatterRegistry.h"

#include <dwarf.h>

#include "symbols/DwarfType.h"
#include "symbols/formatters/RustBTreeMapFormatter.h"
#include "symbols/formatters/RustEnumFormatter.h"
#include "symbols/formatters/RustHashMapFormatter.h"
#include "symbols/formatters/RustRcFormatter.h"
#include "symbols/formatters/RustStringFormatter.h"
#include "symbols/formatters/RustTraitObjectFormatter.h"
#include "symbols/formatters/RustVecDequeFormatter.h"
#include "symbols/formatters/RustVecFormatter.h"
#include "symbols/formatters/StdArrayFormatter.h"
#include "symbols/formatters/StdHashtableFormatter.h"
#include "symbols/formatters/StdOptionalFormatter.h"
#include "symbols/formatters/StdSharedPtrFormatter.h"
#include "symbols/formatters/StdStringFormatter.h"
#include "symbols/formatters/StdTreeFormatter.h"
#include "symbols/formatters/StdUniquePtrFormatter.h"
#include "symbols/formatters/StdVectorFormatter.h"

namespace rwd {

FormatterRegistry::FormatterRegistry(RustTraitObjectFormatter::VtableOwner vtableOwner) {
  formatters_.push_back(std::make_unique<StdStringFormatter>());
  formatters_.push_back(std::make_unique<StdVectorFormatter>());
  formatters_.push_back(std::make_unique<StdArrayFormatter>());
  formatters_.push_back(std::make_unique<StdTreeFormatter>());
  formatters_.push_back(std::make_unique<StdHashtableFormatter>());
  formatters_.push_back(std::make_unique<StdUniquePtrFormatter>());
  formatters_.push_back(std::make_unique<StdSharedPtrFormatter>());
  formatters_.push_back(std::make_unique<StdOptionalFormatter>());
  formatters_.push_back(std::make_unique<RustStringFormatter>());
  formatters_.push_back(std::make_unique<RustVecFormatter>());
  formatters_.push_back(std::make_unique<RustVecDequeFormatter>());
  formatters_.push_back(std::make_unique<RustHashMapFormatter>());
  formatters_.push_back(std::make_unique<RustBTreeMapFormatter>());
  formatters_.push_back(std::make_unique<RustRcFormatter>(vtableOwner));
  formatters_.push_back(std::make_unique<RustTraitObjectFormatter>(std::move(vtableOwner)));
  formatters_.push_back(std::make_unique<RustEnumFormatter>());
}

FormatterRegistry::~FormatterRegistry() = default;

const TypeFormatter* FormatterRegistry::find(const Value& value) {
  if (value.raw || value.type.isComputed() || value.type.isMadeUp()) return nullptr;
  const int tag = DwarfType::tag(value.type);
  if (tag != DW_TAG_structure_type && tag != DW_TAG_class_type && tag != DW_TAG_union_type) return nullptr;
  TypeRef stripped = DwarfType::strip(value.type);
  if (DwarfType::isDeclaration(stripped)) return nullptr;
  auto cached = chosen_.find(stripped.die.addr);
  if (cached != chosen_.end()) return cached->second;
  const TypeFormatter* found = nullptr;
  const std::string name = DwarfType::name(stripped);
  for (const auto& formatter : formatters_) {
    if (formatter->matches(name, stripped)) {
      found = formatter.get();
      break;
    }
  }
  chosen_.emplace(stripped.die.addr, found);
  return found;
}

}  // namespace rwd
