// NameResolver: names and type names of a frame.
#include "symbols/NameResolver.h"

#include <dwarf.h>

#include <cstring>
#include <vector>

#include "core/DebugError.h"

#include "symbols/DieTree.h"
#include "symbols/DwarfType.h"
#include "symbols/FrameScope.h"
#include "symbols/ValueFormatter.h"

namespace rwd {

namespace {

// C and C++ base types a program may not have in its DWARF.
std::optional<TypeRef> builtinType(const std::string& name) {
  using Scalar = TypeRef::Scalar;
  struct Builtin {
    const char* name;
    Scalar kind;
    int size;
  };
  static const Builtin kBuiltins[] = {
      {"int", Scalar::Signed, 4},
      {"unsigned", Scalar::Unsigned, 4},
      {"unsigned int", Scalar::Unsigned, 4},
      {"long", Scalar::Signed, 8},
      {"long int", Scalar::Signed, 8},
      {"unsigned long", Scalar::Unsigned, 8},
      {"long long", Scalar::Signed, 8},
      {"unsigned long long", Scalar::Unsigned, 8},
      {"short", Scalar::Signed, 2},
      {"unsigned short", Scalar::Unsigned, 2},
      {"char", Scalar::Signed, 1},
      {"signed char", Scalar::Signed, 1},
      {"unsigned char", Scalar::Unsigned, 1},
      {"float", Scalar::Float, 4},
      {"double", Scalar::Float, 8},
      {"bool", Scalar::Bool, 1},
      {"_Bool", Scalar::Bool, 1},
      {"int8_t", Scalar::Signed, 1},
      {"uint8_t", Scalar::Unsigned, 1},
      {"int16_t", Scalar::Signed, 2},
      {"uint16_t", Scalar::Unsigned, 2},
      {"int32_t", Scalar::Signed, 4},
      {"uint32_t", Scalar::Unsigned, 4},
      {"int64_t", Scalar::Signed, 8},
      {"uint64_t", Scalar::Unsigned, 8},
      {"size_t", Scalar::Unsigned, 8},
      {"ssize_t", Scalar::Signed, 8},
      {"intptr_t", Scalar::Signed, 8},
      {"uintptr_t", Scalar::Unsigned, 8},
      {"ptrdiff_t", Scalar::Signed, 8},
  };
  for (const auto& builtin : kBuiltins) {
    if (name == builtin.name) return TypeRef::computed(builtin.kind, builtin.size);
  }
  return std::nullopt;
}

bool isStaticMemberDeclaration(Dwarf_Die* die) {
  const int tag = dwarf_tag(die);
  if (tag == DW_TAG_variable) return true;  // DWARF 5 puts static members in the class as variables
  return tag == DW_TAG_member && dwarf_hasattr(die, DW_AT_declaration) && dwarf_hasattr(die, DW_AT_external);
}

}  // namespace

std::shared_ptr<const FrameContext> NameResolver::contextOf(Dwfl_Module* module) {
  if (!module || module == context_->module) return context_;
  auto found = moduleContexts_.find(module);
  if (found != moduleContexts_.end()) return found->second;
  auto context = std::make_shared<FrameContext>(*context_);
  context->module = module;
  Dwarf_Addr bias = 0;
  dwfl_module_getdwarf(module, &bias);
  context->bias = bias;
  context->hasUnit = false;
  context->scopes.clear();
  context->localsByName.reset();
  context->functionScope = context->frameBaseScope = -1;
  return moduleContexts_.emplace(module, context).first->second;
}

std::string NameResolver::functionPrefix() const {
  if (context_->functionScope < 0) return {};
  Dwarf_Die function = context_->scopes[context_->functionScope];
  // An inlined function's origin, or a method's declaration, knows its scope.
  Dwarf_Attribute attribute;
  Dwarf_Die origin;
  if (dwarf_attr(&function, DW_AT_abstract_origin, &attribute) && dwarf_formref_die(&attribute, &origin))
    function = origin;
  return DieTree::scopePrefix(&function);
}

std::optional<Value> NameResolver::value(const std::string& name) {
  if (auto local = FrameScope::findLocal(*context_, name)) {
    return FrameScope::valueOf(context_, &*local, symbols_, memory_);
  }
  if (name.find("::") == std::string::npos) {
    if (auto member = memberOfThis(name)) return member;
  }
  if (auto found = global(name)) return found;
  if (auto found = enumerator(name)) return found;
  return symbol(name);
}

std::optional<Value> NameResolver::symbol(const std::string& name) {
  auto address = symbols_.symbolAddress(name);
  if (!address) return std::nullopt;
  auto function = symbols_.functionAt(*address);
  if (function && function->second == *address) {
    // A function: its address (as `&f` would be), shown with its name.
    std::vector<uint8_t> bytes(8);
    std::memcpy(bytes.data(), &*address, 8);
    return Value::ofBytes(TypeRef::pointerTo(TypeRef{}), std::move(bytes), context_);
  }
  throw DebugError(DebugError::BadExpression,
                   "'" + name + "' has no debug information; read it through a cast, such as *(int *)" +
                       ValueFormatter::hex(*address));
}

std::optional<IndexedDie> NameResolver::scoped(
    const std::string& name, const std::function<std::optional<IndexedDie>(const std::string&)>& find) const {
  std::string prefix = functionPrefix();
  const bool absolute = name.rfind("::", 0) == 0;
  const std::string bare = absolute ? name.substr(2) : name;
  // Inner namespaces first: "geo::detail::x", "geo::x", "x".
  for (;;) {
    if (auto found = find(prefix + bare)) return found;
    if (prefix.empty() || absolute) return std::nullopt;
    prefix.resize(prefix.size() - 2);
    const size_t cut = prefix.rfind("::");
    prefix.resize(cut == std::string::npos ? 0 : cut + 2);
  }
}

std::optional<Value> NameResolver::memberOfThis(const std::string& name) {
  auto self = FrameScope::findLocal(*context_, "this");
  if (!self || name == "this") return std::nullopt;
  Value pointer = FrameScope::valueOf(context_, &*self, symbols_, memory_);
  const TypeRef classType = DwarfType::strip(DwarfType::pointee(pointer.type));
  if (!classType.valid) return std::nullopt;
  auto address = navigator_.readUnsigned(pointer, nullptr);
  if (address && *address) {
    if (auto member = navigator_.member(navigator_.dereference(pointer), name)) return member;
  }
  return staticMemberOf(classType, name, 0);
}

std::optional<Value> NameResolver::staticMemberOf(const TypeRef& classType, const std::string& name, int depth) {
  if (depth > 16 || !classType.valid || classType.isMadeUp()) return std::nullopt;
  Dwarf_Die child;
  Dwarf_Die die = classType.die;
  if (dwarf_child(&die, &child) != 0) return std::nullopt;
  std::vector<TypeRef> bases;
  do {
    const char* own = dwarf_diename(&child);
    if (own && name == own && isStaticMemberDeclaration(&child)) return staticMember(&child);
    if (dwarf_tag(&child) == DW_TAG_inheritance) bases.push_back(DwarfType::strip(DwarfType::typeOf(&child)));
  } while (dwarf_siblingof(&child, &child) == 0);
  // Static members of base classes are names of the derived class too.
  for (const TypeRef& base : bases) {
    if (auto found = staticMemberOf(base, name, depth + 1)) return found;
  }
  return std::nullopt;
}

std::optional<Value> NameResolver::staticMember(Dwarf_Die* declaration) {
  if (dwarf_hasattr(declaration, DW_AT_const_value) || dwarf_hasattr(declaration, DW_AT_location)) {
    return FrameScope::valueOf(context_, declaration, symbols_, memory_);
  }
  auto definition = index_.definitionOf(declaration);
  if (!definition) return std::nullopt;
  return FrameScope::valueOf(contextOf(definition->module), &definition->die, symbols_, memory_);
}

std::optional<Value> NameResolver::global(const std::string& name) {
  auto found =
      scoped(name, [this](const std::string& candidate) { return index_.variable(candidate, context_->module); });
  if (!found) return std::nullopt;
  return FrameScope::valueOf(contextOf(found->module), &found->die, symbols_, memory_);
}

std::optional<Value> NameResolver::enumerator(const std::string& name) {
  auto found =
      scoped(name, [this](const std::string& candidate) { return index_.enumerator(candidate, context_->module); });
  if (!found) return std::nullopt;
  const TypeRef type = TypeRef::of(found->owner);
  Dwarf_Attribute attribute;
  if (!dwarf_attr(&found->die, DW_AT_const_value, &attribute)) return std::nullopt;
  Dwarf_Sword number = 0;
  Dwarf_Word unsignedNumber = 0;
  if (dwarf_formsdata(&attribute, &number) != 0) {
    if (dwarf_formudata(&attribute, &unsignedNumber) != 0) return std::nullopt;
    number = static_cast<Dwarf_Sword>(unsignedNumber);
  }
  const size_t size = static_cast<size_t>(DwarfType::size(type).value_or(4));
  std::vector<uint8_t> bytes(size);
  for (size_t i = 0; i < size && i < 8; ++i) bytes[i] = static_cast<uint8_t>(static_cast<uint64_t>(number) >> (8 * i));
  return Value::ofBytes(type, std::move(bytes), context_);
}

std::optional<TypeRef> NameResolver::type(const std::string& name) {
  if (auto found =
          scoped(name, [this](const std::string& candidate) { return index_.type(candidate, context_->module); })) {
    return TypeRef::of(found->die);
  }
  return builtinType(DwarfIndex::normalize(name));
}

}  // namespace rwd
