// DwarfType: type DIE questions and C declarator names.
#include "symbols/DwarfType.h"

#include <dwarf.h>

#include <cstring>
#include <unordered_map>
#include <utility>

#include "symbols/DieTree.h"

namespace rwd {

namespace {

constexpr int kMaxTypeChain = 64;  // typedef/qualifier chains longer than this are corrupt

bool isQualifierOrTypedef(int tag) {
  switch (tag) {
    case DW_TAG_typedef:
    case DW_TAG_const_type:
    case DW_TAG_volatile_type:
    case DW_TAG_restrict_type:
    case DW_TAG_atomic_type:
    case DW_TAG_immutable_type:
    case DW_TAG_shared_type:
      return true;
    default:
      return false;
  }
}

bool isConstantForm(unsigned form) {
  switch (form) {
    case DW_FORM_data1:
    case DW_FORM_data2:
    case DW_FORM_data4:
    case DW_FORM_data8:
    case DW_FORM_sdata:
    case DW_FORM_udata:
    case DW_FORM_implicit_const:
      return true;
    default:
      return false;
  }
}

std::string withInner(const std::string& base, const std::string& inner) {
  return inner.empty() ? base : base + " " + inner;
}

// Elements of one subrange: DW_AT_count, or upper - lower + 1.
std::optional<uint64_t> subrangeCount(Dwarf_Die* subrange, const DwarfType::BoundEvaluator* bounds) {
  Dwarf_Attribute attribute;
  auto bound = [&](Dwarf_Attribute* attr) -> std::optional<int64_t> {
    if (isConstantForm(dwarf_whatform(attr))) {
      Dwarf_Sword value = 0;
      if (dwarf_formsdata(attr, &value) == 0) return value;
      return std::nullopt;
    }
    if (!bounds || !*bounds) return std::nullopt;
    auto value = (*bounds)(attr);
    if (!value) return std::nullopt;
    return static_cast<int64_t>(*value);
  };
  if (dwarf_attr_integrate(subrange, DW_AT_count, &attribute)) {
    auto count = bound(&attribute);
    if (!count || *count < 0) return std::nullopt;
    return static_cast<uint64_t>(*count);
  }
  if (!dwarf_attr_integrate(subrange, DW_AT_upper_bound, &attribute)) return std::nullopt;
  auto upper = bound(&attribute);
  if (!upper) return std::nullopt;
  int64_t lower = 0;
  Dwarf_Attribute lowerAttribute;
  if (dwarf_attr_integrate(subrange, DW_AT_lower_bound, &lowerAttribute)) {
    auto value = bound(&lowerAttribute);
    if (!value) return std::nullopt;
    lower = *value;
  }
  if (*upper < lower) return 0;  // zero-length arrays say upper = -1
  return static_cast<uint64_t>(*upper - lower + 1);
}

}  // namespace

TypeRef DwarfType::typeOf(Dwarf_Die* die) {
  Dwarf_Attribute attribute;
  Dwarf_Die type;
  if (!dwarf_attr_integrate(die, DW_AT_type, &attribute) || !dwarf_formref_die(&attribute, &type)) return {};
  return TypeRef::of(type);
}

namespace {

// What strip() found for each typedef or qualifier DIE (by its place in
// the mapped debug information): the same chains are stripped many times
// for every value shown. Forgotten with the modules (forgetTypes).
std::unordered_map<const void*, TypeRef>& strippedTypes() {
  static std::unordered_map<const void*, TypeRef> all;
  return all;
}

}  // namespace

void DwarfType::forgetTypes() { strippedTypes().clear(); }

TypeRef DwarfType::strip(const TypeRef& type) {
  if (type.isMadeUp() || !type.valid || type.dimension > 0) return type;
  if (!isQualifierOrTypedef(dwarf_tag(const_cast<Dwarf_Die*>(&type.die)))) return type;
  auto& known = strippedTypes();
  auto found = known.find(type.die.addr);
  if (found != known.end()) return found->second;
  TypeRef current = type;
  TypeRef result;
  for (int i = 0; i < kMaxTypeChain; ++i) {
    if (!current.valid || current.dimension > 0 || !isQualifierOrTypedef(dwarf_tag(&current.die))) {
      result = current;
      break;
    }
    current = typeOf(&current.die);
  }
  known.emplace(type.die.addr, result);
  return result;
}

int DwarfType::tag(const TypeRef& type) {
  if (type.pointerLevel > 0) return DW_TAG_pointer_type;
  if (type.artificialCount > 0) return DW_TAG_array_type;
  TypeRef stripped = strip(type);
  if (!stripped.valid) return 0;
  if (stripped.dimension > 0) return DW_TAG_array_type;
  return dwarf_tag(&stripped.die);
}

std::vector<Dwarf_Die> DwarfType::subranges(Dwarf_Die* array) {
  std::vector<Dwarf_Die> out;
  Dwarf_Die child;
  if (dwarf_child(array, &child) != 0) return out;
  do {
    int childTag = dwarf_tag(&child);
    if (childTag == DW_TAG_subrange_type || childTag == DW_TAG_enumeration_type) out.push_back(child);
  } while (dwarf_siblingof(&child, &child) == 0);
  return out;
}

std::optional<uint64_t> DwarfType::arrayCount(const TypeRef& array, const BoundEvaluator* bounds) {
  if (array.pointerLevel == 0 && array.artificialCount > 0) return array.artificialCount;
  TypeRef stripped = strip(array);
  if (!stripped.valid || stripped.isMadeUp()) return std::nullopt;
  auto dimensions = subranges(&stripped.die);
  if (stripped.dimension >= static_cast<int>(dimensions.size())) return std::nullopt;
  return subrangeCount(&dimensions[stripped.dimension], bounds);
}

TypeRef DwarfType::elementOf(const TypeRef& array) {
  if (array.pointerLevel == 0 && array.artificialCount > 0) {
    // The next artificial array inside (`x@m@n`), or the type repeated.
    TypeRef element = array;
    element.artificialCount = 0;
    if (!element.innerArtificialCounts.empty()) {
      element.artificialCount = element.innerArtificialCounts.front();
      element.innerArtificialCounts.erase(element.innerArtificialCounts.begin());
    }
    return element;
  }
  TypeRef stripped = strip(array);
  if (!stripped.valid || stripped.isMadeUp()) return {};
  auto dimensions = subranges(&stripped.die);
  if (stripped.dimension + 1 < static_cast<int>(dimensions.size())) {
    TypeRef next = stripped;
    ++next.dimension;
    return next;
  }
  return typeOf(&stripped.die);
}

TypeRef DwarfType::pointee(const TypeRef& pointer) {
  if (pointer.pointerLevel > 0) {
    TypeRef target = pointer;
    --target.pointerLevel;
    return target;
  }
  TypeRef stripped = strip(pointer);
  if (!stripped.valid || stripped.dimension > 0 || stripped.artificialCount > 0) return {};
  return typeOf(&stripped.die);
}

std::optional<uint64_t> DwarfType::size(const TypeRef& type, const BoundEvaluator* bounds) {
  if (type.pointerLevel > 0) return 8;
  if (type.artificialCount > 0) {
    auto element = size(elementOf(type), bounds);
    if (!element) return std::nullopt;
    return type.artificialCount * *element;
  }
  if (type.isComputed()) return static_cast<uint64_t>(type.scalarSize);
  TypeRef stripped = strip(type);
  if (!stripped.valid) return std::nullopt;
  const int typeTag = stripped.dimension > 0 ? DW_TAG_array_type : dwarf_tag(&stripped.die);
  if (typeTag == DW_TAG_array_type) {
    auto count = arrayCount(stripped, bounds);
    auto element = size(elementOf(stripped), bounds);
    if (!count || !element) return std::nullopt;
    return *count * *element;
  }
  Dwarf_Word bytes = 0;
  if (dwarf_aggregate_size(&stripped.die, &bytes) == 0) return bytes;
  switch (typeTag) {
    case DW_TAG_pointer_type:
    case DW_TAG_reference_type:
    case DW_TAG_rvalue_reference_type:
    case DW_TAG_ptr_to_member_type:
      return 8;
    default:
      return std::nullopt;
  }
}

int DwarfType::encoding(const TypeRef& type) {
  switch (type.scalar) {
    case TypeRef::Scalar::Signed:
      return DW_ATE_signed;
    case TypeRef::Scalar::Unsigned:
      return DW_ATE_unsigned;
    case TypeRef::Scalar::Float:
      return DW_ATE_float;
    case TypeRef::Scalar::Bool:
      return DW_ATE_boolean;
    case TypeRef::Scalar::None:
      break;
  }
  TypeRef stripped = strip(type);
  if (!stripped.valid || stripped.dimension > 0 || stripped.isMadeUp()) return 0;
  const int typeTag = dwarf_tag(&stripped.die);
  if (typeTag == DW_TAG_enumeration_type) return isSignedEnumeration(stripped) ? DW_ATE_signed : DW_ATE_unsigned;
  if (typeTag != DW_TAG_base_type) return 0;
  Dwarf_Attribute attribute;
  Dwarf_Word value = 0;
  if (!dwarf_attr(&stripped.die, DW_AT_encoding, &attribute) || dwarf_formudata(&attribute, &value) != 0) return 0;
  return static_cast<int>(value);
}

bool DwarfType::isCharacter(const TypeRef& type) {
  if (tag(type) != DW_TAG_base_type) return false;
  const int kind = encoding(type);
  return size(type) == 1u && (kind == DW_ATE_signed_char || kind == DW_ATE_unsigned_char || kind == DW_ATE_UTF);
}

bool DwarfType::isPlainChar(const TypeRef& type) {
  if (!isCharacter(type)) return false;
  TypeRef stripped = strip(type);
  const char* typeName = dwarf_diename(&stripped.die);
  return typeName && std::strcmp(typeName, "char") == 0;
}

std::vector<Dwarf_Die> DwarfType::members(const TypeRef& aggregate) {
  std::vector<Dwarf_Die> out;
  TypeRef stripped = strip(aggregate);
  if (!stripped.valid || stripped.isMadeUp()) return out;
  Dwarf_Die child;
  if (dwarf_child(&stripped.die, &child) != 0) return out;
  do {
    const int childTag = dwarf_tag(&child);
    if (childTag == DW_TAG_inheritance) out.push_back(child);
    // A Rust enum's variant part: its discriminant and every variant (they overlap).
    if (childTag == DW_TAG_variant_part) {
      Dwarf_Die part;
      if (dwarf_child(&child, &part) == 0) {
        do {
          if (dwarf_tag(&part) == DW_TAG_member) out.push_back(part);
          Dwarf_Die variant;
          if (dwarf_tag(&part) != DW_TAG_variant || dwarf_child(&part, &variant) != 0) continue;
          do {
            if (dwarf_tag(&variant) == DW_TAG_member) out.push_back(variant);
          } while (dwarf_siblingof(&variant, &variant) == 0);
        } while (dwarf_siblingof(&part, &part) == 0);
      }
    }
    // Static data members are declarations (DWARF 4) or variables (DWARF 5).
    if (childTag == DW_TAG_member && !dwarf_hasattr(&child, DW_AT_declaration) &&
        !dwarf_hasattr(&child, DW_AT_external)) {
      out.push_back(child);
    }
  } while (dwarf_siblingof(&child, &child) == 0);
  return out;
}

bool DwarfType::isDeclaration(const TypeRef& type) {
  TypeRef stripped = strip(type);
  return stripped.valid && !stripped.isMadeUp() && dwarf_hasattr(&stripped.die, DW_AT_declaration);
}

bool DwarfType::isSignedEnumeration(const TypeRef& enumeration) {
  TypeRef stripped = strip(enumeration);
  if (!stripped.valid) return true;
  TypeRef underlying = typeOf(&stripped.die);
  if (!underlying.valid) return true;
  const int kind = encoding(underlying);
  return kind == DW_ATE_signed || kind == DW_ATE_signed_char;
}

std::optional<std::string> DwarfType::enumeratorName(const TypeRef& enumeration, int64_t value) {
  TypeRef stripped = strip(enumeration);
  if (!stripped.valid) return std::nullopt;
  Dwarf_Die child;
  if (dwarf_child(&stripped.die, &child) != 0) return std::nullopt;
  do {
    if (dwarf_tag(&child) != DW_TAG_enumerator) continue;
    Dwarf_Attribute attribute;
    if (!dwarf_attr(&child, DW_AT_const_value, &attribute)) continue;
    Dwarf_Sword signedValue = 0;
    Dwarf_Word unsignedValue = 0;
    bool matches = (dwarf_formsdata(&attribute, &signedValue) == 0 && signedValue == value) ||
                   (dwarf_formudata(&attribute, &unsignedValue) == 0 && static_cast<int64_t>(unsignedValue) == value);
    if (matches) {
      const char* enumerator = dwarf_diename(&child);
      if (enumerator) return std::string(enumerator);
    }
  } while (dwarf_siblingof(&child, &child) == 0);
  return std::nullopt;
}

bool DwarfType::usesCKeywords(Dwarf_Die* die) {
  Dwarf_Die unit;
  if (!dwarf_diecu(die, &unit, nullptr, nullptr)) return false;
  switch (dwarf_srclang(&unit)) {
    case DW_LANG_C89:
    case DW_LANG_C:
    case DW_LANG_C99:
    case DW_LANG_C11:
    case 0x2c:  // DW_LANG_C17
      return true;
    default:
      return false;
  }
}

std::string DwarfType::name(const TypeRef& type) { return declarator(type, "", nullptr); }

std::string DwarfType::name(const TypeRef& type, const BoundEvaluator* bounds) { return declarator(type, "", bounds); }

std::string DwarfType::declarator(const TypeRef& type, const std::string& inner, const BoundEvaluator* bounds) {
  if (type.pointerLevel > 0) {
    TypeRef target = pointee(type);
    std::string next = "*" + inner;
    if (target.pointerLevel == 0 && (tag(target) == DW_TAG_array_type || tag(target) == DW_TAG_subroutine_type) &&
        (target.dimension > 0 || target.artificialCount > 0 ||
         (target.valid && dwarf_tag(&target.die) != DW_TAG_typedef))) {
      next = "(" + next + ")";
    }
    return declarator(target, next, bounds);
  }
  if (type.artificialCount > 0) {
    return declarator(elementOf(type), inner + "[" + std::to_string(type.artificialCount) + "]", bounds);
  }
  if (type.isComputed()) {
    const bool wide = type.scalarSize > 4;
    switch (type.scalar) {
      case TypeRef::Scalar::Signed:
        return withInner(wide ? "long" : "int", inner);
      case TypeRef::Scalar::Unsigned:
        return withInner(wide ? "unsigned long" : "unsigned int", inner);
      case TypeRef::Scalar::Float:
        return withInner(wide ? "double" : "float", inner);
      case TypeRef::Scalar::Bool:
        return withInner("bool", inner);
      case TypeRef::Scalar::None:
        break;
    }
  }
  if (!type.valid) return withInner("void", inner);
  Dwarf_Die die = type.die;
  const int typeTag = type.dimension > 0 ? DW_TAG_array_type : dwarf_tag(&die);
  const char* ownName = dwarf_diename(&die);
  switch (typeTag) {
    case DW_TAG_base_type:
    case DW_TAG_unspecified_type:
      return withInner(ownName ? ownName : "?", inner);
    case DW_TAG_typedef:
      return withInner(ownName ? DieTree::scopePrefix(&die) + ownName : "?", inner);
    case DW_TAG_structure_type:
    case DW_TAG_union_type:
    case DW_TAG_class_type:
    case DW_TAG_enumeration_type: {
      std::string keyword;
      if (usesCKeywords(&die) || !ownName) {
        keyword = typeTag == DW_TAG_structure_type ? "struct "
                  : typeTag == DW_TAG_union_type   ? "union "
                  : typeTag == DW_TAG_class_type   ? "class "
                                                   : "enum ";
      }
      return withInner(keyword + (ownName ? DieTree::scopePrefix(&die) + ownName : "{...}"), inner);
    }
    case DW_TAG_pointer_type:
    case DW_TAG_reference_type:
    case DW_TAG_rvalue_reference_type: {
      if (ownName) return withInner(ownName, inner);  // Rust names them: "&str", "*const u8"
      const char* sigil = typeTag == DW_TAG_pointer_type ? "*" : typeTag == DW_TAG_reference_type ? "&" : "&&";
      TypeRef target = typeOf(&die);
      std::string next = sigil + inner;
      if (target.valid) {
        int targetTag = dwarf_tag(&target.die);
        if (targetTag == DW_TAG_array_type || targetTag == DW_TAG_subroutine_type) next = "(" + next + ")";
      }
      return declarator(target, next, bounds);
    }
    case DW_TAG_const_type:
    case DW_TAG_volatile_type:
    case DW_TAG_restrict_type:
    case DW_TAG_atomic_type: {
      // Qualifiers stacked on one type read in C's order ("const volatile
      // unsigned short") whichever way DWARF nests them.
      static const std::pair<int, const char*> kOrder[] = {{DW_TAG_const_type, "const"},
                                                           {DW_TAG_volatile_type, "volatile"},
                                                           {DW_TAG_restrict_type, "restrict"},
                                                           {DW_TAG_atomic_type, "_Atomic"}};
      bool present[4] = {};
      TypeRef target = type;
      for (int i = 0; i < kMaxTypeChain && target.valid; ++i) {
        const int targetTag = dwarf_tag(&target.die);
        int slot = -1;
        for (int k = 0; k < 4; ++k) {
          if (kOrder[k].first == targetTag) slot = k;
        }
        if (slot < 0) break;
        present[slot] = true;
        target = typeOf(&target.die);
      }
      std::string qualifiers;
      for (int k = 0; k < 4; ++k) {
        if (present[k]) qualifiers += (qualifiers.empty() ? "" : " ") + std::string(kOrder[k].second);
      }
      if (target.valid && dwarf_tag(&target.die) == DW_TAG_pointer_type) {
        return declarator(target, inner.empty() ? qualifiers : qualifiers + " " + inner, bounds);
      }
      std::string rest = declarator(target, inner, bounds);
      // GCC qualifies both a const array and its elements: say it once.
      if (target.valid && dwarf_tag(&target.die) == DW_TAG_array_type &&
          rest.compare(0, qualifiers.size() + 1, qualifiers + " ") == 0) {
        return rest;
      }
      return qualifiers + " " + rest;
    }
    case DW_TAG_array_type: {
      std::string dimensions;
      auto all = subranges(&die);
      for (size_t i = static_cast<size_t>(type.dimension); i < all.size(); ++i) {
        auto count = subrangeCount(&all[i], bounds);
        dimensions += count ? "[" + std::to_string(*count) + "]" : "[]";
      }
      return declarator(typeOf(&die), inner + dimensions, bounds);
    }
    case DW_TAG_subroutine_type: {
      std::string parameters;
      Dwarf_Die child;
      if (dwarf_child(&die, &child) == 0) {
        do {
          const int childTag = dwarf_tag(&child);
          if (childTag != DW_TAG_formal_parameter && childTag != DW_TAG_unspecified_parameters) continue;
          if (!parameters.empty()) parameters += ", ";
          parameters += childTag == DW_TAG_formal_parameter ? declarator(typeOf(&child), "", nullptr) : "...";
        } while (dwarf_siblingof(&child, &child) == 0);
      }
      if (parameters.empty() && dwarf_hasattr(&die, DW_AT_prototyped)) parameters = "void";
      return declarator(typeOf(&die), inner + "(" + parameters + ")", bounds);
    }
    default:
      return withInner(ownName ? ownName : "?", inner);
  }
}

}  // namespace rwd
