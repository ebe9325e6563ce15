// FrameScope: scopes, visible variables and variable locations of a frame.
#include "symbols/FrameScope.h"

#include <dwarf.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <string>
#include <tuple>

#include "symbols/CfaCalculator.h"
#include "symbols/DieTree.h"
#include "symbols/DwarfType.h"

namespace rwd {

namespace {

bool isFunctionScope(int tag) { return tag == DW_TAG_subprogram || tag == DW_TAG_inlined_subroutine; }

bool isDefinition(Dwarf_Die* variable) {
  return !dwarf_hasattr(variable, DW_AT_declaration) &&
         (dwarf_hasattr(variable, DW_AT_location) || dwarf_hasattr(variable, DW_AT_const_value));
}

void appendChildren(Dwarf_Die* scope, int wantedTag, std::vector<NamedVariable>& out) {
  Dwarf_Die child;
  if (dwarf_child(scope, &child) != 0) return;
  do {
    if (dwarf_tag(&child) != wantedTag) continue;
    // Variables the compiler made up (C++ range-for's __for_range, …) are
    // not the program's; artificial parameters (`this`) are.
    if (wantedTag == DW_TAG_variable && dwarf_hasattr_integrate(&child, DW_AT_artificial)) continue;
    const char* name = dwarf_diename(&child);
    if (name) out.push_back({name, child});
  } while (dwarf_siblingof(&child, &child) == 0);
}

// Scopes that can hold code, and DIEs that only group them (no addresses
// of their own). libdw's dwarf_getscopes prunes at the latter, so functions
// in C++ and Rust namespaces would not be found; this walk does not.
bool isCodeScope(int tag) {
  switch (tag) {
    case DW_TAG_subprogram:
    case DW_TAG_inlined_subroutine:
    case DW_TAG_lexical_block:
    case DW_TAG_try_block:
    case DW_TAG_catch_block:
    case DW_TAG_with_stmt:
    case DW_TAG_entry_point:
      return true;
    default:
      return false;
  }
}

bool isGrouping(int tag) {
  return tag == DW_TAG_namespace || tag == DW_TAG_module || tag == DW_TAG_structure_type || tag == DW_TAG_class_type ||
         tag == DW_TAG_union_type;
}

// Appends the scopes holding `pc` below `parent`, outermost first.
bool findScopes(Dwarf_Die* parent, Dwarf_Addr pc, std::vector<Dwarf_Die>& chain, int depth) {
  if (depth > 64) return false;
  Dwarf_Die child;
  if (dwarf_child(parent, &child) != 0) return false;
  do {
    const int tag = dwarf_tag(&child);
    if (isCodeScope(tag)) {
      if (dwarf_haspc(&child, pc) != 1) continue;
      chain.push_back(child);
      findScopes(&chain.back(), pc, chain, depth + 1);
      return true;
    }
    if (isGrouping(tag) && dwarf_haschildren(&child)) {
      const size_t before = chain.size();
      if (findScopes(&child, pc, chain, depth + 1)) return true;
      chain.resize(before);
    }
  } while (dwarf_siblingof(&child, &child) == 0);
  return false;
}

// The unit holding `pc`: libdwfl's lookup uses .debug_aranges, which some
// compilers leave out; then every unit's ranges are asked.
Dwarf_Die* unitAt(Dwfl_Module* module, Dwarf_Addr pc, Dwarf_Addr* bias) {
  if (Dwarf_Die* unit = dwfl_module_addrdie(module, pc, bias)) return unit;
  Dwarf_Die* unit = nullptr;
  while ((unit = dwfl_module_nextcu(module, unit, bias)) != nullptr) {
    if (dwarf_haspc(unit, pc - *bias) == 1) return unit;
  }
  return nullptr;
}

std::vector<uint8_t> littleEndian(uint64_t value, size_t size) {
  std::vector<uint8_t> bytes(size, 0);
  for (size_t i = 0; i < size && i < 8; ++i) bytes[i] = static_cast<uint8_t>(value >> (8 * i));
  // Sign-extend values wider than 8 bytes (e.g. __int128 constants).
  if (size > 8 && (value >> 63)) std::fill(bytes.begin() + 8, bytes.end(), 0xff);
  return bytes;
}

}  // namespace

std::shared_ptr<const FrameContext> FrameScope::contextFor(SymbolIndex& symbols, const Frame& frame,
                                                           MemoryCache& memory) {
  auto context = std::make_shared<FrameContext>();
  context->frame = frame;
  context->dwfl = symbols.dwfl();
  if (!context->dwfl) return context;
  if (context->frame.cfa == 0) {
    context->frame.cfa = CfaCalculator::cfaAt(context->dwfl, frame.lookupPc, frame.registers, &memory).value_or(0);
  }
  context->module = dwfl_addrmodule(context->dwfl, frame.lookupPc);
  if (!context->module) return context;
  Dwarf_Addr bias = 0;
  Dwarf_Die* unit = unitAt(context->module, frame.lookupPc, &bias);
  if (!unit) {
    dwfl_module_getdwarf(context->module, &bias);
    context->bias = bias;
    return context;
  }
  context->bias = bias;
  context->unit = *unit;
  context->hasUnit = true;
  std::vector<Dwarf_Die> chain;  // outermost first
  findScopes(unit, frame.lookupPc - bias, chain, 0);
  // An inlined level's frame: the scopes of the inlined copies inside it go.
  for (int skipped = 0; skipped < frame.inlineDepth && !chain.empty();) {
    if (dwarf_tag(&chain.back()) == DW_TAG_inlined_subroutine) ++skipped;
    chain.pop_back();
  }
  context->scopes.assign(chain.rbegin(), chain.rend());
  context->scopes.push_back(*unit);
  for (size_t i = 0; i < context->scopes.size(); ++i) {
    const int tag = dwarf_tag(&context->scopes[i]);
    if (context->functionScope < 0 && isFunctionScope(tag)) context->functionScope = static_cast<int>(i);
    if (context->frameBaseScope < 0 && tag == DW_TAG_subprogram) context->frameBaseScope = static_cast<int>(i);
  }
  return context;
}

std::vector<Dwarf_Die> FrameScope::scopesAt(Dwfl* dwfl, uint64_t pc) {
  std::vector<Dwarf_Die> scopes;
  Dwfl_Module* module = dwfl ? dwfl_addrmodule(dwfl, pc) : nullptr;
  if (!module) return scopes;
  // Finding the scopes walks every DIE before them in the unit (a function
  // with 5,000 locals: 5,000 DIEs), and stack traces and line steps ask for
  // the same pcs again and again: the answer is kept as DIE offsets per
  // module file, mapping base and pc, and the DIEs are made again from the
  // module's current DWARF, so a stale entry can never point into freed data.
  Dwarf_Addr low = 0;
  const char* name = dwfl_module_info(module, nullptr, &low, nullptr, nullptr, nullptr, nullptr, nullptr);
  Dwarf_Addr bias = 0;
  Dwarf* dwarf = dwfl_module_getdwarf(module, &bias);
  using Key = std::tuple<std::string, uint64_t, uint64_t>;
  static std::map<Key, std::vector<Dwarf_Off>> known;  // innermost first, the unit last
  const Key key{name ? name : "", low, pc};
  auto found = known.find(key);
  if (found != known.end() && dwarf) {
    for (Dwarf_Off offset : found->second) {
      Dwarf_Die die;
      if (!dwarf_offdie(dwarf, offset, &die)) {
        scopes.clear();
        break;
      }
      scopes.push_back(die);
    }
    if (!scopes.empty()) return scopes;
  }
  Dwarf_Die* unit = unitAt(module, pc, &bias);
  if (!unit) return scopes;
  std::vector<Dwarf_Die> chain;  // outermost first
  findScopes(unit, pc - bias, chain, 0);
  scopes.assign(chain.rbegin(), chain.rend());
  scopes.push_back(*unit);
  if (known.size() >= 4096) known.clear();
  std::vector<Dwarf_Off> offsets;
  for (Dwarf_Die& scope : scopes) offsets.push_back(dwarf_dieoffset(&scope));
  known[key] = std::move(offsets);
  return scopes;
}

std::vector<NamedVariable> FrameScope::locals(const FrameContext& context) {
  std::vector<NamedVariable> out;
  if (context.functionScope < 0) return out;
  Dwarf_Die function = context.scopes[context.functionScope];
  appendChildren(&function, DW_TAG_formal_parameter, out);
  for (int i = context.functionScope; i >= 0; --i) {
    Dwarf_Die scope = context.scopes[i];
    appendChildren(&scope, DW_TAG_variable, out);
  }
  return out;
}

void FrameScope::collectGlobals(Dwarf_Die* parent, const std::string& prefix, std::vector<NamedVariable>& out) {
  Dwarf_Die child;
  if (dwarf_child(parent, &child) != 0) return;
  do {
    const int tag = dwarf_tag(&child);
    const char* name = dwarf_diename(&child);
    if (tag == DW_TAG_variable && isDefinition(&child) && dwarf_hasattr(&child, DW_AT_specification)) {
      // A definition outside its class or namespace (static data members).
      std::string qualified = DieTree::qualifiedName(&child);
      if (!qualified.empty()) out.push_back({qualified, child});
    } else if (tag == DW_TAG_variable && name && isDefinition(&child) && !std::strstr(name, "{vtable}")) {
      // (Rust's trait-object vtables are variables too; they are not the program's.)
      out.push_back({prefix + name, child});
    } else if (tag == DW_TAG_namespace) {
      collectGlobals(&child, prefix + (name ? name : "(anonymous namespace)") + "::", out);
    }
  } while (dwarf_siblingof(&child, &child) == 0);
}

std::vector<NamedVariable> FrameScope::globals(const FrameContext& context) {
  std::vector<NamedVariable> out;
  if (!context.hasUnit) return out;
  Dwarf_Die unit = context.unit;
  collectGlobals(&unit, "", out);
  return out;
}

std::optional<Dwarf_Die> FrameScope::findLocal(const FrameContext& context, const std::string& name) {
  if (!context.localsByName) {
    // Outermost first, so that an inner declaration replaces an outer one;
    // in the function's own scope its locals shadow its parameters.
    auto names = std::make_shared<std::unordered_map<std::string, Dwarf_Die>>();
    std::vector<NamedVariable> visible;
    if (context.functionScope >= 0) {
      Dwarf_Die function = context.scopes[context.functionScope];
      appendChildren(&function, DW_TAG_formal_parameter, visible);
    }
    for (int i = context.functionScope; i >= 0; --i) {
      Dwarf_Die scope = context.scopes[i];
      appendChildren(&scope, DW_TAG_variable, visible);
    }
    names->reserve(visible.size());
    for (auto& variable : visible) (*names)[std::move(variable.name)] = variable.die;
    context.localsByName = std::move(names);
  }
  auto found = context.localsByName->find(name);
  if (found == context.localsByName->end()) return std::nullopt;
  return found->second;
}

std::optional<Dwarf_Die> FrameScope::find(const FrameContext& context, const std::string& name) {
  if (auto local = findLocal(context, name)) return local;
  for (auto& global : globals(context)) {
    if (global.name == name) return global.die;
  }
  if (!context.module) return std::nullopt;
  Dwarf_Addr bias = 0;
  Dwarf_Die* unit = nullptr;
  while ((unit = dwfl_module_nextcu(context.module, unit, &bias)) != nullptr) {
    if (context.hasUnit && dwarf_dieoffset(unit) == dwarf_dieoffset(const_cast<Dwarf_Die*>(&context.unit))) continue;
    std::vector<NamedVariable> others;
    collectGlobals(unit, "", others);
    for (auto& other : others) {
      if (other.name == name) return other.die;
    }
  }
  return std::nullopt;
}

ExpressionContext FrameScope::expressionContext(const FrameContext& context, MemoryCache& memory) {
  ExpressionContext expression;
  expression.registers = &context.frame.registers;
  if (context.frame.cfa) expression.cfa = context.frame.cfa;
  expression.bias = context.bias;
  expression.memory = &memory;
  expression.frameBase = [&context, &memory]() -> std::optional<uint64_t> {
    if (context.frameBaseScope < 0) return std::nullopt;
    Dwarf_Die function = context.scopes[context.frameBaseScope];
    Dwarf_Attribute attribute;
    if (!dwarf_attr(&function, DW_AT_frame_base, &attribute)) return std::nullopt;
    Dwarf_Op* ops = nullptr;
    size_t count = 0;
    if (dwarf_getlocation_addr(&attribute, context.frame.lookupPc - context.bias, &ops, &count, 1) <= 0) {
      return std::nullopt;
    }
    ExpressionContext inner;
    inner.registers = &context.frame.registers;
    if (context.frame.cfa) inner.cfa = context.frame.cfa;
    inner.bias = context.bias;
    inner.memory = &memory;
    inner.attribute = &attribute;
    return LocationEvaluator::evaluateNumber(ops, count, inner);
  };
  return expression;
}

Value FrameScope::constantValue(const std::shared_ptr<const FrameContext>& context, const TypeRef& type,
                                Dwarf_Attribute* attribute) {
  const size_t size = DwarfType::size(type).value_or(8);
  switch (dwarf_whatform(attribute)) {
    case DW_FORM_block1:
    case DW_FORM_block2:
    case DW_FORM_block4:
    case DW_FORM_block:
    case DW_FORM_data16: {
      Dwarf_Block block;
      if (dwarf_formblock(attribute, &block) != 0) break;
      return Value::ofBytes(type, std::vector<uint8_t>(block.data, block.data + block.length), context);
    }
    case DW_FORM_string:
    case DW_FORM_strp:
    case DW_FORM_line_strp:
    case DW_FORM_strx:
    case DW_FORM_strx1:
    case DW_FORM_strx2:
    case DW_FORM_strx3:
    case DW_FORM_strx4: {
      const char* text = dwarf_formstring(attribute);
      if (!text) break;
      return Value::ofBytes(type, std::vector<uint8_t>(text, text + std::strlen(text) + 1), context);
    }
    case DW_FORM_sdata:
    case DW_FORM_implicit_const: {
      Dwarf_Sword value = 0;
      if (dwarf_formsdata(attribute, &value) != 0) break;
      return Value::ofBytes(type, littleEndian(static_cast<uint64_t>(value), size), context);
    }
    default: {
      Dwarf_Word value = 0;
      if (dwarf_formudata(attribute, &value) != 0) break;
      return Value::ofBytes(type, littleEndian(value, size), context);
    }
  }
  return Value::unavailable(type, "optimized out");
}

Value FrameScope::valueOf(const std::shared_ptr<const FrameContext>& context, Dwarf_Die* variable, SymbolIndex& symbols,
                          MemoryCache& memory) {
  TypeRef type = DwarfType::typeOf(variable);
  Dwarf_Attribute attribute;
  if (dwarf_attr(variable, DW_AT_const_value, &attribute)) return constantValue(context, type, &attribute);
  if (!dwarf_attr(variable, DW_AT_location, &attribute)) {
    // A declaration of a variable defined elsewhere: its ELF symbol.
    const char* name = dwarf_diename(variable);
    if (name && dwarf_hasattr_integrate(variable, DW_AT_external)) {
      if (auto address = symbols.symbolAddress(name)) return Value::inMemory(type, *address, context);
    }
    return Value::unavailable(type, "optimized out");
  }
  Dwarf_Op* ops = nullptr;
  size_t count = 0;
  int found = dwarf_getlocation_addr(&attribute, context->frame.lookupPc - context->bias, &ops, &count, 1);
  if (found <= 0) return Value::unavailable(type, "optimized out");
  ExpressionContext expression = expressionContext(*context, memory);
  expression.attribute = &attribute;
  return fromLocation(context, type, LocationEvaluator::evaluate(ops, count, expression), memory);
}

Value FrameScope::fromLocation(const std::shared_ptr<const FrameContext>& context, const TypeRef& type,
                               const Location& location, MemoryCache& memory) {
  if (!location.available()) return Value::unavailable(type, location.problem);
  const uint64_t size = DwarfType::size(type).value_or(8);
  const auto& registers = context->frame.registers;
  auto registerProblem = [](int number) {
    return number < 17 ? std::string("not saved") : "not available: in register " + std::to_string(number);
  };
  if (location.pieces.size() == 1 && (location.pieces[0].size == 0 || location.pieces[0].size >= size)) {
    const LocationPiece& piece = location.pieces[0];
    switch (piece.kind) {
      case LocationPiece::Kind::Memory:
        return Value::inMemory(type, piece.address, context);
      case LocationPiece::Kind::Register: {
        auto value = LocationEvaluator::registerValue(&registers, piece.registerNumber);
        if (!value) return Value::unavailable(type, registerProblem(piece.registerNumber));
        Value inRegister = Value::ofBytes(type, littleEndian(*value, size), context);
        inRegister.registerNumber = piece.registerNumber;
        return inRegister;
      }
      case LocationPiece::Kind::Value:
        return Value::ofBytes(type, littleEndian(piece.value, size), context);
      case LocationPiece::Kind::Bytes:
        return Value::ofBytes(type, piece.bytes, context);
      case LocationPiece::Kind::Unavailable:
        return Value::unavailable(type, "optimized out");
    }
  }
  // Pieces: gather the bytes, remembering the ones that are missing.
  Value value = Value::ofBytes(type, {}, context);
  for (const LocationPiece& piece : location.pieces) {
    const uint32_t from = static_cast<uint32_t>(value.bytes.size());
    const size_t length = piece.size ? piece.size : size - std::min<uint64_t>(size, from);
    std::vector<uint8_t> part(length, 0);
    bool ok = true;
    switch (piece.kind) {
      case LocationPiece::Kind::Memory:
        ok = memory.read(piece.address, part.data(), length) == length;
        break;
      case LocationPiece::Kind::Register: {
        auto content = LocationEvaluator::registerValue(&registers, piece.registerNumber);
        ok = content.has_value() && length <= 8;
        if (ok) part = littleEndian(*content, length);
        break;
      }
      case LocationPiece::Kind::Value:
        part = littleEndian(piece.value, length);
        break;
      case LocationPiece::Kind::Bytes:
        std::copy_n(piece.bytes.begin(), std::min(length, piece.bytes.size()), part.begin());
        break;
      case LocationPiece::Kind::Unavailable:
        ok = false;
        break;
    }
    if (!ok) value.missing.emplace_back(from, static_cast<uint32_t>(from + length));
    value.bytes.insert(value.bytes.end(), part.begin(), part.end());
  }
  return value;
}

std::optional<uint64_t> FrameScope::evaluateBound(const std::shared_ptr<const FrameContext>& context,
                                                  Dwarf_Attribute* attribute, SymbolIndex& symbols,
                                                  MemoryCache& memory) {
  if (!context) return std::nullopt;
  Dwarf_Die referenced;
  if (dwarf_formref_die(attribute, &referenced)) {
    Value value = valueOf(context, &referenced, symbols, memory);
    const uint64_t size = DwarfType::size(value.type).value_or(8);
    if (value.kind == Value::Kind::Memory) return memory.readUnsigned(value.address, size);
    if (value.kind == Value::Kind::Bytes && value.missing.empty() && value.bytes.size() >= size && size <= 8) {
      uint64_t out = 0;
      std::memcpy(&out, value.bytes.data(), size);
      return out;
    }
    return std::nullopt;
  }
  Dwarf_Op* ops = nullptr;
  size_t count = 0;
  if (dwarf_getlocation(attribute, &ops, &count) != 0) return std::nullopt;
  ExpressionContext expression = expressionContext(*context, memory);
  expression.attribute = attribute;
  return LocationEvaluator::evaluateNumber(ops, count, expression);
}

}  // namespace rwd
