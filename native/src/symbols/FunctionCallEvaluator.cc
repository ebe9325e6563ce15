// FunctionCallEvaluator: a call of the program's function in an expression.
#include "symbols/FunctionCallEvaluator.h"

#include <dwarf.h>

#include <array>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <vector>

#include "symbols/DwarfType.h"
#include "symbols/ValueFormatter.h"

namespace rwd {

namespace {

// The DW_TAG_subprogram whose code holds `address`, and its module's bias.
std::optional<Dwarf_Die> subprogramAt(Dwfl* dwfl, uint64_t address, Dwarf_Addr* bias) {
  Dwfl_Module* module = dwfl ? dwfl_addrmodule(dwfl, address) : nullptr;
  Dwarf_Die* unit = module ? dwfl_module_addrdie(module, address, bias) : nullptr;
  if (!unit) return std::nullopt;
  Dwarf_Die* scopes = nullptr;
  const int count = dwarf_getscopes(unit, address - *bias, &scopes);
  std::optional<Dwarf_Die> out;
  for (int i = 0; i < count; ++i) {
    if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram) {
      out = scopes[i];
      break;
    }
  }
  std::free(scopes);
  return out;
}

// The DIE that lists the function's parameters as declared: a concrete
// copy's abstract origin, a definition's declaration (C++ methods).
Dwarf_Die declarationOf(Dwarf_Die function) {
  for (int i = 0; i < 4; ++i) {
    Dwarf_Attribute attribute;
    Dwarf_Die next;
    if ((dwarf_attr(&function, DW_AT_abstract_origin, &attribute) ||
         dwarf_attr(&function, DW_AT_specification, &attribute)) &&
        dwarf_formref_die(&attribute, &next)) {
      function = next;
    } else {
      break;
    }
  }
  return function;
}

bool isPrototyped(Dwarf_Die* function, Dwarf_Die* declaration) {
  Dwarf_Die unit;
  if (dwarf_diecu(function, &unit, nullptr, nullptr)) {
    Dwarf_Word language = 0;
    Dwarf_Attribute attribute;
    if (dwarf_attr(&unit, DW_AT_language, &attribute) && dwarf_formudata(&attribute, &language) == 0) {
      constexpr Dwarf_Word kLanguageC17 = 0x2c;  // DWARF 5's DW_LANG_C17, newer than this dwarf.h
      if (language != DW_LANG_C && language != DW_LANG_C89 && language != DW_LANG_C99 && language != DW_LANG_C11 &&
          language != kLanguageC17) {
        return true;  // C++ and Rust functions always have a prototype
      }
    }
  }
  return dwarf_hasattr_integrate(declaration, DW_AT_prototyped) || dwarf_hasattr_integrate(function, DW_AT_prototyped);
}

uint64_t extended(const std::vector<uint8_t>& bytes, bool isSigned) {
  uint64_t out = 0;
  const size_t size = std::min<size_t>(bytes.size(), 8);
  std::memcpy(&out, bytes.data(), size);
  if (size < 8 && isSigned && size > 0 && (bytes[size - 1] & 0x80)) out |= ~0ull << (8 * size);
  return out;
}

// The System V classes of an aggregate's eightbytes, filled from `offset`
// on: SSE (Vector) where only float and double lie, INTEGER where anything
// else does. False where the ABI passes it in memory (long double,
// __int128, a member not at its natural alignment).
bool classifyEightbytes(const TypeRef& type, uint64_t offset, std::vector<std::optional<MachineCall::Register>>& out) {
  const int tag = DwarfType::tag(type);
  const uint64_t size = DwarfType::size(type).value_or(0);
  if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type || tag == DW_TAG_class_type) {
    for (Dwarf_Die member : DwarfType::members(type)) {
      if (dwarf_tag(&member) != DW_TAG_member) return false;  // base classes: C++ layout rules not followed here
      Dwarf_Word at = 0;
      Dwarf_Attribute attribute;
      if (dwarf_attr(&member, DW_AT_data_member_location, &attribute) && dwarf_formudata(&attribute, &at) != 0) {
        return false;
      }
      if (dwarf_hasattr(&member, DW_AT_bit_size) || dwarf_hasattr(&member, DW_AT_data_bit_offset)) {
        const uint64_t index = (offset + at) / 8;
        if (index >= out.size()) return false;
        out[index] = MachineCall::Register::Integer;
        continue;
      }
      if (!classifyEightbytes(DwarfType::typeOf(&member), offset + at, out)) return false;
    }
    return true;
  }
  if (tag == DW_TAG_array_type) {
    const TypeRef element = DwarfType::elementOf(type);
    const uint64_t elementSize = DwarfType::size(element).value_or(0);
    const uint64_t count = DwarfType::arrayCount(type).value_or(0);
    for (uint64_t i = 0; i < count && elementSize > 0; ++i) {
      if (!classifyEightbytes(element, offset + i * elementSize, out)) return false;
    }
    return true;
  }
  if (size == 0 || size > 8 || offset % size != 0 || offset / 8 >= out.size()) return false;
  const bool vector = tag == DW_TAG_base_type && DwarfType::encoding(type) == DW_ATE_float;
  if (vector && size != 4 && size != 8) return false;
  auto& slot = out[offset / 8];
  if (!vector) {
    slot = MachineCall::Register::Integer;
  } else if (!slot) {
    slot = MachineCall::Register::Vector;
  }
  return true;
}

// False for a C++ class whose own destructor or copy/move constructor
// makes it return through a hidden pointer: DWARF 5's calling convention
// where given, else a destructor or a constructor taking a reference
// declared in the class.
bool isTriviallyCopyable(const TypeRef& type) {
  const TypeRef stripped = DwarfType::strip(type);
  Dwarf_Die die = stripped.die;
  constexpr Dwarf_Word kPassByReference = 0x4;  // DW_CC_pass_by_reference
  Dwarf_Attribute attribute;
  Dwarf_Word convention = 0;
  if (dwarf_attr_integrate(&die, DW_AT_calling_convention, &attribute) &&
      dwarf_formudata(&attribute, &convention) == 0) {
    return convention != kPassByReference;
  }
  const char* name = dwarf_diename(&die);
  Dwarf_Die child;
  if (!name || dwarf_child(&die, &child) != 0) return true;
  do {
    if (dwarf_tag(&child) != DW_TAG_subprogram || dwarf_hasattr(&child, DW_AT_artificial)) continue;
    const char* method = dwarf_diename(&child);
    if (!method) continue;
    if (method[0] == '~' && std::strcmp(method + 1, name) == 0) return false;
    if (std::strcmp(method, name) != 0) continue;
    Dwarf_Die parameter;
    if (dwarf_child(&child, &parameter) != 0) continue;
    do {
      if (dwarf_tag(&parameter) != DW_TAG_formal_parameter || dwarf_hasattr(&parameter, DW_AT_artificial)) continue;
      const int tag = DwarfType::tag(DwarfType::typeOf(&parameter));
      if (tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type) return false;
    } while (dwarf_siblingof(&parameter, &parameter) == 0);
  } while (dwarf_siblingof(&child, &child) == 0);
  return true;
}

// A struct or union of at most 16 bytes that travels in registers: the
// class of each eightbyte; nullopt otherwise.
std::optional<std::vector<MachineCall::Register>> registerEightbytes(const TypeRef& type) {
  const int tag = DwarfType::tag(type);
  if (tag != DW_TAG_structure_type && tag != DW_TAG_union_type && tag != DW_TAG_class_type) return std::nullopt;
  const uint64_t size = DwarfType::size(type).value_or(0);
  if (size == 0 || size > 16) return std::nullopt;
  if (!isTriviallyCopyable(type)) return std::nullopt;
  std::vector<std::optional<MachineCall::Register>> classes((size + 7) / 8);
  if (!classifyEightbytes(type, 0, classes)) return std::nullopt;
  std::vector<MachineCall::Register> out;
  for (const auto& one : classes) out.push_back(one.value_or(MachineCall::Register::Integer));
  return out;
}

}  // namespace

FunctionCallEvaluator::Passing FunctionCallEvaluator::passingOf(const TypeRef& type, const std::string& what,
                                                                ExpressionEvaluator& evaluator) const {
  if (!type.valid && !type.isComputed()) return Passing::Void;
  const int tag = DwarfType::tag(type);
  const uint64_t size = DwarfType::size(type).value_or(0);
  if (tag == DW_TAG_pointer_type || tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type ||
      tag == DW_TAG_enumeration_type) {
    return Passing::Integer;
  }
  if (tag == DW_TAG_base_type) {
    const int encoding = DwarfType::encoding(type);
    if (encoding == DW_ATE_float && (size == 4 || size == 8)) return Passing::Vector;
    if (encoding != DW_ATE_float && encoding != DW_ATE_complex_float && size >= 1 && size <= 8) {
      return Passing::Integer;
    }
  }
  evaluator.fail("cannot call it: " + what + " is " + DwarfType::name(type) +
                 ", and Rewind passes only integers, bools, characters, enums, pointers, references, float and "
                 "double, and structs of up to 16 bytes as results (a struct argument, a larger struct, long "
                 "double or __int128 would travel on the stack or in memory); pass a pointer instead where the "
                 "function takes one");
}

Value FunctionCallEvaluator::evaluate(const ExpressionNode& node, ExpressionEvaluator& evaluator) {
  const std::string name = node.left->text;
  const std::string text = evaluator.textOf(node);
  if (!policy_.run) evaluator.fail("cannot call '" + text + "': " + policy_.refusal);
  auto address = symbols_.symbolAddress(name);
  if (!address) evaluator.fail("cannot call '" + text + "': no function named '" + name + "' in the loaded modules");
  Dwarf_Addr bias = 0;
  auto function = subprogramAt(symbols_.dwfl(), *address, &bias);
  if (!function) {
    evaluator.fail("cannot call '" + text + "': '" + name +
                   "' has no debug information, so its parameters and result are not known");
  }
  Dwarf_Die declaration = declarationOf(*function);
  if (!isPrototyped(&*function, &declaration)) {
    evaluator.fail("cannot call '" + text + "': '" + name +
                   "' is declared without a prototype (K&R style), so how its arguments travel is not known");
  }
  std::vector<TypeRef> parameters;
  bool variadic = false;
  Dwarf_Die child;
  if (dwarf_child(&declaration, &child) == 0) {
    do {
      const int tag = dwarf_tag(&child);
      if (tag == DW_TAG_unspecified_parameters) variadic = true;
      if (tag != DW_TAG_formal_parameter) continue;
      if (dwarf_hasattr(&child, DW_AT_artificial)) {
        evaluator.fail("cannot call '" + text + "': '" + name +
                       "' is a member function, and Rewind calls only free functions");
      }
      parameters.push_back(DwarfType::typeOf(&child));
    } while (dwarf_siblingof(&child, &child) == 0);
  }
  const size_t given = node.arguments.size();
  if (given < parameters.size() || (given > parameters.size() && !variadic)) {
    evaluator.fail("cannot call '" + text + "': '" + name + "' takes " + std::to_string(parameters.size()) +
                   (variadic ? " or more" : "") + " argument" + (parameters.size() == 1 ? "" : "s") + ", and " +
                   std::to_string(given) + (given == 1 ? " was" : " were") + " given");
  }
  const TypeRef returnType = DwarfType::typeOf(&declaration);
  const auto returnEightbytes = registerEightbytes(returnType);
  const Passing returnPassing = returnEightbytes ? Passing::Integer : passingOf(returnType, "its result", evaluator);

  MachineCall call;
  call.name = text;
  call.entry = *address;
  using Register = MachineCall::Register;
  for (size_t i = 0; i < given; ++i) {
    const ExpressionNode& argumentNode = *node.arguments[i];
    const std::string what = "argument " + std::to_string(i + 1) + " ('" + evaluator.textOf(argumentNode) + "')";
    const TypeRef* parameter = i < parameters.size() ? &parameters[i] : nullptr;
    if (argumentNode.kind == ExpressionNode::Kind::String) {
      // A string literal: its bytes and the NUL go into the program's memory for the call.
      if (parameter && DwarfType::tag(*parameter) != DW_TAG_pointer_type) {
        evaluator.fail("cannot call '" + text + "': " + what + " is a string, and the parameter is " +
                       DwarfType::name(*parameter));
      }
      std::vector<uint8_t> bytes(argumentNode.text.begin(), argumentNode.text.end());
      bytes.push_back(0);
      call.blocks.push_back(std::move(bytes));
      call.arguments.push_back({Register::Integer, 0, static_cast<int>(call.blocks.size() - 1)});
      continue;
    }
    const Value argument = evaluator.evaluate(argumentNode);
    if (!parameter) {
      // Through `...`: the default promotions (float to double, small integers to int).
      const auto number = evaluator.number(argumentNode, argument);
      if (number.kind == ExpressionEvaluator::Number::Kind::Float) {
        const double real = static_cast<double>(number.real);
        uint64_t bits = 0;
        std::memcpy(&bits, &real, 8);
        call.arguments.push_back({Register::Vector, bits});
      } else {
        call.arguments.push_back({Register::Integer, static_cast<uint64_t>(number.integer)});
      }
      continue;
    }
    const int tag = DwarfType::tag(*parameter);
    if (passingOf(*parameter, what, evaluator) == Passing::Vector) {
      auto bytes = ExpressionEvaluator::convert(evaluator.number(argumentNode, argument), *parameter,
                                                DwarfType::size(*parameter).value_or(8));
      if (!bytes) evaluator.fail("cannot call '" + text + "': " + what + " is not a number");
      call.arguments.push_back({Register::Vector, extended(*bytes, false)});
    } else if (tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type) {
      if (argument.kind != Value::Kind::Memory) {
        evaluator.fail("cannot call '" + text + "': " + what + " is passed by reference and is not in memory");
      }
      call.arguments.push_back({Register::Integer, argument.address});
    } else {
      auto bytes = ExpressionEvaluator::convert(evaluator.number(argumentNode, argument), *parameter,
                                                DwarfType::size(*parameter).value_or(8));
      if (!bytes)
        evaluator.fail("cannot call '" + text + "': " + what + " cannot become " + DwarfType::name(*parameter));
      const int encoding = tag == DW_TAG_base_type ? DwarfType::encoding(*parameter) : DW_ATE_unsigned;
      call.arguments.push_back(
          {Register::Integer,
           extended(*bytes, encoding == DW_ATE_signed || encoding == DW_ATE_signed_char ||
                                (tag == DW_TAG_enumeration_type && DwarfType::isSignedEnumeration(*parameter)))});
    }
  }

  const MachineCallResult result = policy_.run(call);
  if (returnPassing == Passing::Void) return Value::unavailable(TypeRef{}, "");
  const size_t size = static_cast<size_t>(DwarfType::size(returnType).value_or(8));
  std::vector<uint8_t> bytes(size);
  if (returnEightbytes) {
    // rax then rdx for INTEGER eightbytes, xmm0 then xmm1 for SSE ones, in order.
    const uint64_t integers[] = {result.rax, result.rdx};
    const std::array<uint8_t, 16>* vectors[] = {&result.xmm0, &result.xmm1};
    size_t integer = 0;
    size_t vector = 0;
    for (size_t i = 0; i < returnEightbytes->size(); ++i) {
      const void* from = (*returnEightbytes)[i] == MachineCall::Register::Integer
                             ? static_cast<const void*>(&integers[integer++])
                             : static_cast<const void*>(vectors[vector++]->data());
      std::memcpy(bytes.data() + 8 * i, from, std::min<size_t>(8, size - 8 * i));
    }
  } else if (returnPassing == Passing::Vector) {
    std::memcpy(bytes.data(), result.xmm0.data(), std::min<size_t>(size, 16));
  } else {
    std::memcpy(bytes.data(), &result.rax, std::min<size_t>(size, 8));
  }
  return Value::ofBytes(returnType, std::move(bytes), context_);
}

}  // namespace rwd
