// ExpressionEvaluator: evaluation of parsed expressions against a frame.
#include "symbols/ExpressionEvaluator.h"

#include <dwarf.h>

#include <cstring>

#include "core/DebugError.h"
#include "symbols/ContainerMethods.h"
#include "symbols/DwarfType.h"
#include "symbols/ValueFormatter.h"

namespace rwd {

namespace {

bool isAggregateTag(int tag) {
  return tag == DW_TAG_structure_type || tag == DW_TAG_union_type || tag == DW_TAG_class_type;
}

bool isPointerTag(int tag) {
  return tag == DW_TAG_pointer_type || tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type;
}

std::vector<uint8_t> bytesOf(uint64_t value, int size) {
  std::vector<uint8_t> bytes(static_cast<size_t>(size));
  for (int i = 0; i < size && i < 8; ++i) bytes[static_cast<size_t>(i)] = static_cast<uint8_t>(value >> (8 * i));
  return bytes;
}

long double realOf(const ExpressionEvaluator::Number& number) {
  using Kind = ExpressionEvaluator::Number::Kind;
  if (number.kind == Kind::Float) return number.real;
  if (number.kind == Kind::Signed) return static_cast<long double>(number.integer);
  return static_cast<long double>(static_cast<uint64_t>(number.integer));
}

}  // namespace

void ExpressionEvaluator::fail(const std::string& message) const {
  throw DebugError(DebugError::BadExpression, message);
}

std::string ExpressionEvaluator::textOf(const ExpressionNode& node) const {
  if (node.end <= node.begin || node.end > source_.size()) return node.text;
  std::string text = source_.substr(node.begin, node.end - node.begin);
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

Value ExpressionEvaluator::evaluate(const ExpressionNode& node) {
  switch (node.kind) {
    case ExpressionNode::Kind::Name:
      return name(node);
    case ExpressionNode::Kind::Integer:
      return integerValue(static_cast<int64_t>(node.integer), node.unsignedLiteral, node.longLiteral ? 8 : 4);
    case ExpressionNode::Kind::Float:
      return floatValue(node.real);
    case ExpressionNode::Kind::String:
      fail("a string literal can only be assigned to a char array");
    case ExpressionNode::Kind::Member:
    case ExpressionNode::Kind::PointerMember:
      return member(node);
    case ExpressionNode::Kind::Index:
      return index(node);
    case ExpressionNode::Kind::Call:
      return call(node);
    case ExpressionNode::Kind::Unary:
      if (node.text == "*") return dereference(node);
      if (node.text == "&") return addressOf(node);
      return unary(node);
    case ExpressionNode::Kind::Binary:
      if (node.text == "@") return artificialArray(node);
      return binary(node);
    case ExpressionNode::Kind::Cast:
      return cast(node);
    case ExpressionNode::Kind::SizeofType:
    case ExpressionNode::Kind::SizeofValue:
      return size(node);
    case ExpressionNode::Kind::Conditional: {
      const Number condition = number(*node.left, evaluate(*node.left));
      return evaluate(truthy(condition) ? *node.right : *node.otherwise);
    }
    case ExpressionNode::Kind::Assign: {
      if (!hooks_.assign) fail("cannot assign in '" + textOf(node) + "': use the variables view or setExpression");
      Value target = evaluate(*node.left);
      return hooks_.assign(target, *node.left, *node.right, *this);
    }
  }
  fail("unsupported expression");
}

Value ExpressionEvaluator::name(const ExpressionNode& node) {
  std::optional<Value> found = hooks_.lookup ? hooks_.lookup(node.text) : std::nullopt;
  if (!found) {
    if (!node.text.empty() && node.text[0] == '$') fail("no register '" + node.text + "'");
    fail("no symbol '" + node.text + "' in this frame");
  }
  return *found;
}

uint64_t ExpressionEvaluator::pointerTarget(const ExpressionNode& node, const Value& pointer) {
  std::string problem;
  auto address = navigator_.readUnsigned(pointer, &problem);
  if (!address) fail("cannot read '" + textOf(node) + "': " + problem);
  if (*address == 0) fail("cannot dereference a null pointer");
  return *address;
}

std::optional<Value> ExpressionEvaluator::formattedTarget(const ExpressionNode& node, const Value& value) {
  if (!hooks_.formatters || !hooks_.tools) return std::nullopt;
  const TypeFormatter* formatter = hooks_.formatters->find(value);
  if (!formatter) return std::nullopt;
  std::string problem;
  auto target = formatter->target(value, *hooks_.tools, &problem);
  if (!target && !problem.empty()) {
    // The formatter's sentence names the expression with "%s".
    const size_t at = problem.find("%s");
    if (at != std::string::npos) problem.replace(at, 2, textOf(node));
    fail(problem);
  }
  return target;
}

Value ExpressionEvaluator::objectOf(const ExpressionNode& node) {
  const ExpressionNode& objectNode = *node.left;
  Value object = evaluate(objectNode);
  const bool arrow = node.kind == ExpressionNode::Kind::PointerMember;
  int tag = DwarfType::tag(object.type);
  if (isPointerTag(tag)) {
    // `.` on a pointer is forgiven (as gdb does); `->` needs one.
    pointerTarget(objectNode, object);
    object = navigator_.dereference(object);
    tag = DwarfType::tag(object.type);
  } else if (arrow && isAggregateTag(tag)) {
    auto target = formattedTarget(objectNode, object);
    if (!target) fail("'" + textOf(objectNode) + "' is not a pointer to a struct or union");
    object = *target;
    tag = DwarfType::tag(object.type);
  } else if (arrow) {
    fail("'" + textOf(objectNode) + "' is not a pointer to a struct or union");
  }
  if (!isAggregateTag(tag)) fail("'" + textOf(objectNode) + "' is not a struct or union");
  if (DwarfType::isDeclaration(object.type)) fail("'" + textOf(objectNode) + "' has an incomplete type");
  return object;
}

Value ExpressionEvaluator::member(const ExpressionNode& node) {
  Value object = objectOf(node);
  if (auto found = navigator_.member(object, node.text)) return *found;
  if (hooks_.formatters && hooks_.tools) {
    if (const TypeFormatter* formatter = hooks_.formatters->find(object)) {
      if (auto field = formatter->field(object, node.text, *hooks_.tools)) return *field;
    }
  }
  fail("no member named '" + node.text + "' in '" + DwarfType::name(object.type) + "'");
}

Value ExpressionEvaluator::call(const ExpressionNode& node) {
  if (node.left->kind == ExpressionNode::Kind::Name) {
    if (!hooks_.callFunction) fail("cannot call '" + textOf(node) + "': functions of the program are not called here");
    return hooks_.callFunction(node, *this);
  }
  const ExpressionNode& method = *node.left;
  Value object = objectOf(method);
  const TypeFormatter* formatter = hooks_.formatters && hooks_.tools ? hooks_.formatters->find(object) : nullptr;
  std::optional<int64_t> argument;
  if (node.right) argument = integerOf(*node.right, evaluate(*node.right));
  std::string problem;
  if (formatter) {
    if (auto result = ContainerMethods::call(object, method.text, argument, *formatter, *hooks_.tools, &problem))
      return *result;
  }
  if (problem.empty()) {
    problem = "cannot call '" + textOf(node) + "': Rewind computes " + ContainerMethods::names() +
              " of library containers and smart pointers from their data, and does not run functions of the program";
  }
  fail(problem);
}

Value ExpressionEvaluator::index(const ExpressionNode& node) {
  const ExpressionNode& baseNode = *node.left;
  Value base = evaluate(baseNode);
  if (node.right->kind == ExpressionNode::Kind::String) return keyedByText(node, base);
  const int64_t position = integerOf(*node.right, evaluate(*node.right));
  int tag = DwarfType::tag(base.type);
  if (tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type) {
    pointerTarget(baseNode, base);
    base = navigator_.dereference(base);
    tag = DwarfType::tag(base.type);
  }
  if (tag == DW_TAG_array_type) return navigator_.element(base, static_cast<uint64_t>(position));
  if (tag == DW_TAG_pointer_type) {
    pointerTarget(baseNode, base);
    if (DwarfType::tag(DwarfType::pointee(base.type)) == 0) fail("'" + textOf(baseNode) + "' points to void");
    return navigator_.dereference(base, position);
  }
  if (isAggregateTag(tag) && hooks_.formatters && hooks_.tools) {
    if (const TypeFormatter* formatter = hooks_.formatters->find(base)) {
      if (auto element = formatter->element(base, position, *hooks_.tools)) return *element;
      if (formatter->indexedCount(base, *hooks_.tools) > 0) {
        fail("'" + textOf(baseNode) + "' has no element [" + std::to_string(position) + "]");
      }
    }
  }
  fail("'" + textOf(baseNode) + "' is not an array or pointer");
}

Value ExpressionEvaluator::keyedByText(const ExpressionNode& node, const Value& base) {
  // m["key"]: the entry whose key shows as that string (std::string, &str, String keys).
  const TypeFormatter* formatter = hooks_.formatters && hooks_.tools && isAggregateTag(DwarfType::tag(base.type))
                                       ? hooks_.formatters->find(base)
                                       : nullptr;
  if (!formatter) fail("'" + textOf(*node.left) + "' is not a map: only a map's entries are found by a string key");
  if (auto found = formatter->elementWithKeyText(base, ValueFormatter::quoted(node.right->text, true), *hooks_.tools)) {
    return *found;
  }
  fail("'" + textOf(*node.left) + "' has no entry with the key " + textOf(*node.right));
}

Value ExpressionEvaluator::dereference(const ExpressionNode& node) {
  const ExpressionNode& operandNode = *node.left;
  Value operand = evaluate(operandNode);
  const int tag = DwarfType::tag(operand.type);
  if (tag == DW_TAG_array_type) return navigator_.element(operand, 0);
  if (isAggregateTag(tag)) {
    if (auto target = formattedTarget(operandNode, operand)) return *target;
  }
  if (!isPointerTag(tag)) fail("'" + textOf(operandNode) + "' is not a pointer");
  pointerTarget(operandNode, operand);
  if (DwarfType::tag(DwarfType::pointee(operand.type)) == 0) {
    fail("cannot dereference '" + textOf(operandNode) + "': it points to void");
  }
  return navigator_.dereference(operand);
}

Value ExpressionEvaluator::artificialArray(const ExpressionNode& node) {
  const ExpressionNode& firstNode = *node.left;
  const ExpressionNode& countNode = *node.right;
  const std::string shape =
      "'@' makes an array of the values that follow the left side in memory (as in *p@3 or a[2]@4)";
  Number count = number(countNode, evaluate(countNode));
  if (count.kind == Number::Kind::Float || count.kind == Number::Kind::Pointer) {
    fail("the count after '@' must be a positive integer, and '" + textOf(countNode) + "' is not an integer");
  }
  if (count.integer == 0 || (count.kind == Number::Kind::Signed && count.integer < 0)) {
    fail("the count after '@' must be a positive integer, and '" + textOf(countNode) + "' is " +
         std::to_string(count.integer));
  }
  Value first = evaluate(firstNode);
  const int tag = DwarfType::tag(first.type);
  if (tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type) {
    pointerTarget(firstNode, first);
    first = navigator_.dereference(first);
  }
  if (first.kind != Value::Kind::Memory || first.bitSize) {
    const std::string where = first.kind == Value::Kind::Unavailable     ? "it is " + first.problem
                              : first.bitSize                            ? "it is a bit-field"
                              : first.registerNumber >= 0 || first.frame ? "it lives in a register"
                                                                         : "it is a computed value";
    fail("'" + textOf(firstNode) + "' is not in memory (" + where + "): " + shape);
  }
  if (first.type.artificialCount > 0 && first.type.pointerLevel > 0) {
    fail("'" + textOf(firstNode) +
         "' is a pointer to an artificial array, which '@' cannot repeat: repeat the array itself (as in *p@2@3)");
  }
  const auto elementSize = navigator_.sizeOf(first);
  if (!elementSize || *elementSize == 0)
    fail("the size of '" + textOf(firstNode) + "' is not known, so '@' cannot step over it");
  const uint64_t elements = static_cast<uint64_t>(count.integer);
  if (elements > kMaxArtificialBytes / *elementSize) {
    fail("'" + textOf(node) + "' would cover more than " + std::to_string(kMaxArtificialBytes >> 20) +
         " MiB of memory: ask for fewer elements");
  }
  return Value::inMemory(TypeRef::arrayOf(first.type, elements), first.address, first.frame);
}

Value ExpressionEvaluator::addressOf(const ExpressionNode& node) {
  const ExpressionNode& operandNode = *node.left;
  Value operand = evaluate(operandNode);
  if (operand.kind != Value::Kind::Memory || operand.bitSize) {
    fail("cannot take the address of '" + textOf(operandNode) + "': it is not in memory");
  }
  return Value::ofBytes(TypeRef::pointerTo(operand.type), bytesOf(operand.address, 8), operand.frame);
}

TypeRef ExpressionEvaluator::typeOf(const ExpressionNode& node) {
  std::optional<TypeRef> found = hooks_.findType ? hooks_.findType(node.text) : std::nullopt;
  if (!found) fail("no type named '" + node.text + "'");
  TypeRef type = *found;
  for (int i = 0; i < node.pointerDepth; ++i) type = TypeRef::pointerTo(type);
  return type;
}

std::optional<uint64_t> ExpressionEvaluator::baseOffset(const TypeRef& derived, const TypeRef& base) {
  TypeRef wanted = DwarfType::strip(base);
  TypeRef own = DwarfType::strip(derived);
  if (!wanted.valid || !own.valid) return std::nullopt;
  if (own.die.addr == wanted.die.addr || DwarfType::name(own) == DwarfType::name(wanted)) return 0;
  for (Dwarf_Die& member : DwarfType::members(own)) {
    if (dwarf_tag(&member) != DW_TAG_inheritance) continue;
    Dwarf_Attribute attribute;
    Dwarf_Word offset = 0;
    if (dwarf_attr(&member, DW_AT_data_member_location, &attribute) && dwarf_formudata(&attribute, &offset) != 0) {
      continue;  // a virtual base: its place is only known at run time
    }
    if (auto inner = baseOffset(DwarfType::typeOf(&member), base)) return offset + *inner;
  }
  return std::nullopt;
}

std::optional<std::vector<uint8_t>> ExpressionEvaluator::convert(const Number& number, const TypeRef& type,
                                                                 uint64_t size) {
  const int tag = type.isComputed() ? DW_TAG_base_type : DwarfType::tag(type);
  const int count = static_cast<int>(std::min<uint64_t>(size, 8));
  if (tag == DW_TAG_pointer_type) {
    if (number.kind == Number::Kind::Float) return std::nullopt;
    return bytesOf(static_cast<uint64_t>(number.integer), 8);
  }
  if (tag != DW_TAG_base_type && tag != DW_TAG_enumeration_type) return std::nullopt;
  const int encoding = DwarfType::encoding(type);
  if (encoding == DW_ATE_float) {
    const long double real = realOf(number);
    std::vector<uint8_t> bytes(size, 0);
    if (size == 4) {
      const float narrow = static_cast<float>(real);
      std::memcpy(bytes.data(), &narrow, 4);
    } else if (size == 8) {
      const double wide = static_cast<double>(real);
      std::memcpy(bytes.data(), &wide, 8);
    } else if (size >= 10) {
      std::memcpy(bytes.data(), &real, 10);
    } else {
      return std::nullopt;
    }
    return bytes;
  }
  if (encoding == DW_ATE_boolean) return bytesOf(truthy(number) ? 1 : 0, count);
  int64_t integer = number.integer;
  if (number.kind == Number::Kind::Float) integer = static_cast<int64_t>(number.real);
  std::vector<uint8_t> bytes = bytesOf(static_cast<uint64_t>(integer), count);
  // Wider than 8 bytes (__int128): sign- or zero-extend.
  const bool negative = integer < 0 && number.kind != Number::Kind::Unsigned;
  bytes.resize(size, negative ? 0xff : 0x00);
  return bytes;
}

Value ExpressionEvaluator::cast(const ExpressionNode& node) {
  const TypeRef target = typeOf(node);
  Value operand = evaluate(*node.left);
  const int targetTag = DwarfType::tag(target);
  const int operandTag = DwarfType::tag(operand.type);
  const std::string targetName = DwarfType::name(target) + (node.reference ? " &" : "");
  if (isAggregateTag(targetTag) || node.reference) {
    if (isAggregateTag(targetTag) && isAggregateTag(operandTag)) {
      if (auto offset = baseOffset(operand.type, target)) {
        const uint64_t size = DwarfType::size(target).value_or(0);
        if (operand.kind == Value::Kind::Memory)
          return Value::inMemory(target, operand.address + *offset, operand.frame);
        if (operand.kind == Value::Kind::Bytes && *offset + size <= operand.bytes.size()) {
          return Value::ofBytes(target,
                                std::vector<uint8_t>(operand.bytes.begin() + static_cast<ptrdiff_t>(*offset),
                                                     operand.bytes.begin() + static_cast<ptrdiff_t>(*offset + size)),
                                operand.frame);
        }
      }
    }
    if (node.reference && operand.kind == Value::Kind::Memory)
      return Value::inMemory(target, operand.address, operand.frame);
    fail("cannot cast '" + textOf(*node.left) + "' (" + DwarfType::name(operand.type) + ") to '" + targetName + "'");
  }
  Number value = number(*node.left, operand);
  if (targetTag == DW_TAG_pointer_type && value.kind == Number::Kind::Pointer) {
    // A pointer to a derived class becomes a pointer to its base subobject.
    const TypeRef from = DwarfType::pointee(value.pointerType);
    const TypeRef to = DwarfType::pointee(target);
    if (isAggregateTag(DwarfType::tag(from)) && isAggregateTag(DwarfType::tag(to)) && value.integer != 0) {
      value.integer += static_cast<int64_t>(baseOffset(from, to).value_or(0));
    }
  }
  const uint64_t size = targetTag == DW_TAG_pointer_type ? 8 : DwarfType::size(target).value_or(0);
  auto bytes = size ? convert(value, target, size) : std::nullopt;
  if (!bytes)
    fail("cannot cast '" + textOf(*node.left) + "' (" + DwarfType::name(operand.type) + ") to '" + targetName + "'");
  return Value::ofBytes(target, std::move(*bytes), operand.frame);
}

Value ExpressionEvaluator::size(const ExpressionNode& node) {
  std::optional<uint64_t> bytes;
  std::string what;
  if (node.kind == ExpressionNode::Kind::SizeofType) {
    const TypeRef type = typeOf(node);
    bytes = DwarfType::size(type);
    what = DwarfType::name(type);
  } else {
    const Value operand = evaluate(*node.left);
    bytes = navigator_.sizeOf(operand);
    what = textOf(*node.left);
  }
  if (!bytes) fail("the size of '" + what + "' is not known");
  return integerValue(static_cast<int64_t>(*bytes), true, 8);
}

Value ExpressionEvaluator::truthValue(bool value) const {
  if (!hooks_.booleanResults) return integerValue(value ? 1 : 0, false, 4);
  return Value::ofBytes(TypeRef::computed(TypeRef::Scalar::Bool, 1), {static_cast<uint8_t>(value ? 1 : 0)}, nullptr);
}

Value ExpressionEvaluator::integerValue(int64_t value, bool isUnsigned, int size) {
  if (size < 8) {
    const uint64_t mask = (1ull << (8 * size)) - 1;
    uint64_t bits = static_cast<uint64_t>(value) & mask;
    if (!isUnsigned && (bits >> (8 * size - 1))) bits |= ~mask;
    value = static_cast<int64_t>(bits);
  }
  return Value::ofBytes(TypeRef::computed(isUnsigned ? TypeRef::Scalar::Unsigned : TypeRef::Scalar::Signed, size),
                        bytesOf(static_cast<uint64_t>(value), size), nullptr);
}

Value ExpressionEvaluator::floatValue(long double value) {
  double narrowed = static_cast<double>(value);
  uint64_t bits = 0;
  std::memcpy(&bits, &narrowed, sizeof bits);
  return Value::ofBytes(TypeRef::computed(TypeRef::Scalar::Float, 8), bytesOf(bits, 8), nullptr);
}

ExpressionEvaluator::Number ExpressionEvaluator::number(const ExpressionNode& node, const Value& value) {
  Number out;
  std::string problem;
  int tag = value.type.isComputed() ? DW_TAG_base_type : DwarfType::tag(value.type);
  if (tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type) {
    pointerTarget(node, value);
    return number(node, navigator_.dereference(value));
  }
  if (tag == DW_TAG_array_type) {
    if (value.kind != Value::Kind::Memory) fail("cannot use '" + textOf(node) + "' as a pointer: it is not in memory");
    out.kind = Number::Kind::Pointer;
    out.size = 8;
    out.integer = static_cast<int64_t>(value.address);
    out.pointerType = TypeRef::pointerTo(DwarfType::elementOf(value.type));
    return out;
  }
  if (tag == DW_TAG_pointer_type) {
    auto address = navigator_.readUnsigned(value, &problem);
    if (!address) fail("cannot read '" + textOf(node) + "': " + problem);
    out.kind = Number::Kind::Pointer;
    out.size = 8;
    out.integer = static_cast<int64_t>(*address);
    out.pointerType = value.type;
    return out;
  }
  if (tag != DW_TAG_base_type && tag != DW_TAG_enumeration_type) {
    fail("'" + textOf(node) + "' (" + DwarfType::name(value.type) + ") is not a number");
  }
  const int encoding = DwarfType::encoding(value.type);
  out.size = static_cast<int>(navigator_.sizeOf(value).value_or(4));
  if (encoding == DW_ATE_float) {
    auto real = navigator_.readFloat(value, &problem);
    if (!real) fail("cannot read '" + textOf(node) + "': " + problem);
    out.kind = Number::Kind::Float;
    out.real = *real;
    return out;
  }
  if (encoding == DW_ATE_signed || encoding == DW_ATE_signed_char) {
    auto integer = navigator_.readSigned(value, &problem);
    if (!integer) fail("cannot read '" + textOf(node) + "': " + problem);
    out.kind = Number::Kind::Signed;
    out.integer = *integer;
  } else {
    auto integer = navigator_.readUnsigned(value, &problem);
    if (!integer) fail("cannot read '" + textOf(node) + "': " + problem);
    out.kind = Number::Kind::Unsigned;
    out.integer = static_cast<int64_t>(*integer);
  }
  // Integer promotion: everything narrower than int computes as int.
  if (out.size < 4) {
    out.kind = Number::Kind::Signed;
    out.size = 4;
  }
  return out;
}

int64_t ExpressionEvaluator::integerOf(const ExpressionNode& node, const Value& value) {
  Number operand = number(node, value);
  if (operand.kind == Number::Kind::Float || operand.kind == Number::Kind::Pointer) {
    fail("'" + textOf(node) + "' is not an integer");
  }
  return operand.integer;
}

bool ExpressionEvaluator::isTrue(const ExpressionNode& node, const Value& value) {
  const int tag = value.type.isComputed() ? DW_TAG_base_type : DwarfType::tag(value.type);
  if (tag == DW_TAG_structure_type || tag == DW_TAG_union_type || tag == DW_TAG_class_type) {
    fail("'" + textOf(node) + "' is a " + DwarfType::name(value.type) +
         ", which is neither true nor false: compare one of its members or its address instead");
  }
  return truthy(number(node, value));
}

bool ExpressionEvaluator::truthy(const Number& number) {
  return number.kind == Number::Kind::Float ? number.real != 0 : number.integer != 0;
}

Value ExpressionEvaluator::unary(const ExpressionNode& node) {
  Number operand = number(*node.left, evaluate(*node.left));
  const std::string& op = node.text;
  if (op == "!") return truthValue(!truthy(operand));
  if (operand.kind == Number::Kind::Pointer)
    fail("invalid operand of unary '" + op + "': '" + textOf(*node.left) + "' is a pointer");
  const bool isUnsigned = operand.kind == Number::Kind::Unsigned;
  if (operand.kind == Number::Kind::Float) {
    if (op == "~") fail("invalid operand of '~': '" + textOf(*node.left) + "' is not an integer");
    return floatValue(op == "-" ? -operand.real : operand.real);
  }
  if (op == "-") return integerValue(-operand.integer, isUnsigned, operand.size);
  if (op == "~") return integerValue(~operand.integer, isUnsigned, operand.size);
  return integerValue(operand.integer, isUnsigned, operand.size);
}

Value ExpressionEvaluator::binary(const ExpressionNode& node) {
  const std::string& op = node.text;
  Number left = number(*node.left, evaluate(*node.left));
  if (op == "&&" && !truthy(left)) return truthValue(false);
  if (op == "||" && truthy(left)) return truthValue(true);
  Number right = number(*node.right, evaluate(*node.right));
  if (op == "&&" || op == "||") return truthValue(truthy(right));
  const bool comparison = op == "==" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=";
  auto invalid = [&]() {
    fail("invalid operands to '" + op + "': '" + textOf(*node.left) + "' and '" + textOf(*node.right) + "'");
  };
  auto compare = [&](auto a, auto b) {
    const bool result = op == "=="   ? a == b
                        : op == "!=" ? a != b
                        : op == "<"  ? a < b
                        : op == ">"  ? a > b
                        : op == "<=" ? a <= b
                                     : a >= b;
    return truthValue(result);
  };

  const bool leftPointer = left.kind == Number::Kind::Pointer, rightPointer = right.kind == Number::Kind::Pointer;
  if (leftPointer || rightPointer) {
    if (comparison) return compare(static_cast<uint64_t>(left.integer), static_cast<uint64_t>(right.integer));
    if (leftPointer && rightPointer) {
      if (op != "-") invalid();
      const int64_t size = static_cast<int64_t>(DwarfType::size(DwarfType::pointee(left.pointerType)).value_or(1));
      return integerValue((left.integer - right.integer) / (size ? size : 1), false, 8);
    }
    const Number& pointer = leftPointer ? left : right;
    const Number& offset = leftPointer ? right : left;
    if (offset.kind == Number::Kind::Float || (op != "+" && op != "-") || (op == "-" && !leftPointer)) invalid();
    const int64_t size = static_cast<int64_t>(DwarfType::size(DwarfType::pointee(pointer.pointerType)).value_or(1));
    const int64_t moved = pointer.integer + (op == "+" ? 1 : -1) * offset.integer * (size ? size : 1);
    return Value::ofBytes(pointer.pointerType, bytesOf(static_cast<uint64_t>(moved), 8), nullptr);
  }

  if (left.kind == Number::Kind::Float || right.kind == Number::Kind::Float) {
    const long double a = realOf(left), b = realOf(right);
    if (comparison) return compare(a, b);
    if (op == "+") return floatValue(a + b);
    if (op == "-") return floatValue(a - b);
    if (op == "*") return floatValue(a * b);
    if (op == "/") return floatValue(a / b);
    invalid();
  }

  // Usual arithmetic conversions, simplified to int, long and their unsigned forms.
  const int size = std::max(left.size, right.size) > 4 ? 8 : 4;
  const bool isUnsigned = (left.kind == Number::Kind::Unsigned && left.size >= right.size) ||
                          (right.kind == Number::Kind::Unsigned && right.size >= left.size);
  const uint64_t ua = static_cast<uint64_t>(left.integer), ub = static_cast<uint64_t>(right.integer);
  const int64_t sa = left.integer, sb = right.integer;
  if (comparison) return isUnsigned ? compare(ua, ub) : compare(sa, sb);
  if ((op == "/" || op == "%") && ub == 0) fail("division by zero in '" + textOf(node) + "'");
  uint64_t result = 0;
  if (op == "+") result = ua + ub;
  else if (op == "-") result = ua - ub;
  else if (op == "*") result = ua * ub;
  else if (op == "/") result = isUnsigned ? ua / ub : sb == -1 ? 0 - ua : static_cast<uint64_t>(sa / sb);
  else if (op == "%") result = isUnsigned ? ua % ub : sb == -1 ? 0 : static_cast<uint64_t>(sa % sb);
  else if (op == "&") result = ua & ub;
  else if (op == "|") result = ua | ub;
  else if (op == "^") result = ua ^ ub;
  else if (op == "<<") result = ub >= 64 ? 0 : ua << ub;
  else if (op == ">>") result = ub >= 64 ? 0 : isUnsigned ? ua >> ub : static_cast<uint64_t>(sa >> ub);
  else invalid();
  return integerValue(static_cast<int64_t>(result), isUnsigned, size);
}

}  // namespace rwd
