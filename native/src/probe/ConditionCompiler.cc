// ConditionCompiler: expression tree → BPF, on a stack of 8-byte slots.
#include "probe/ConditionCompiler.h"

#include <dwarf.h>

#include <algorithm>
#include <functional>

#include "probe/RegisterRelativeLocation.h"
#include "symbols/DwarfType.h"
#include "symbols/FrameScope.h"
#include "symbols/ValueNavigator.h"

namespace rwd {

namespace {

using Node = ExpressionNode;

// What a value is to arithmetic.
struct Scalar {
  enum class Kind { Signed, Unsigned, Pointer, Bool, Float, Aggregate, Array, Reference, Void };
  Kind kind = Kind::Void;
  int size = 0;
  bool isInteger() const { return kind == Kind::Signed || kind == Kind::Unsigned || kind == Kind::Bool; }
  bool isSigned() const { return kind == Kind::Signed; }
};

Scalar classify(const TypeRef& type) {
  if (type.isComputed()) {
    switch (type.scalar) {
      case TypeRef::Scalar::Signed:
        return {Scalar::Kind::Signed, type.scalarSize};
      case TypeRef::Scalar::Unsigned:
        return {Scalar::Kind::Unsigned, type.scalarSize};
      case TypeRef::Scalar::Bool:
        return {Scalar::Kind::Bool, type.scalarSize};
      default:
        return {Scalar::Kind::Float, type.scalarSize};
    }
  }
  const int size = static_cast<int>(DwarfType::size(type).value_or(0));
  switch (DwarfType::tag(type)) {
    case DW_TAG_pointer_type:
      return {Scalar::Kind::Pointer, 8};
    case DW_TAG_reference_type:
    case DW_TAG_rvalue_reference_type:
      return {Scalar::Kind::Reference, 8};
    case DW_TAG_array_type:
      return {Scalar::Kind::Array, size};
    case DW_TAG_structure_type:
    case DW_TAG_union_type:
    case DW_TAG_class_type:
      return {Scalar::Kind::Aggregate, size};
    case DW_TAG_enumeration_type:
      return {DwarfType::isSignedEnumeration(type) ? Scalar::Kind::Signed : Scalar::Kind::Unsigned, size};
    case DW_TAG_base_type:
      switch (DwarfType::encoding(type)) {
        case DW_ATE_float:
        case DW_ATE_complex_float:
          return {Scalar::Kind::Float, size};
        case DW_ATE_boolean:
          return {Scalar::Kind::Bool, size};
        case DW_ATE_signed:
        case DW_ATE_signed_char:
          return {Scalar::Kind::Signed, size};
        default:
          return {Scalar::Kind::Unsigned, size};
      }
  }
  return {};
}

// The byte offset of a data member; nullopt for bit-fields and virtual bases.
std::optional<uint64_t> memberOffset(Dwarf_Die* member) {
  if (dwarf_bitsize(member) > 0) return std::nullopt;
  Dwarf_Attribute attribute;
  if (!dwarf_attr(member, DW_AT_data_member_location, &attribute)) return 0;
  Dwarf_Word constant = 0;
  if (dwarf_formudata(&attribute, &constant) == 0) return constant;
  return std::nullopt;
}

class Compiler {
 public:
  Compiler(const ConditionScope& scope, const std::string& source, BpfAssembler& code, const PredicateLabels& labels)
      : scope_(scope), source_(source), code_(code), labels_(labels) {}

  void condition(const Node& tree) {
    Operand result = value(compile(tree), tree);
    code_.load(8, 1, 10, slotOffset(result.slot));
    code_.jumpIf(BPF_JEQ, 1, 0, labels_.isFalse);
  }

  CompiledValue logValue(const Node& tree) {
    Operand operand = object(compile(tree));
    const Scalar scalar = classify(operand.type);
    if (scalar.kind == Scalar::Kind::Array) {
      if (!operand.isAddress || !DwarfType::isPlainChar(DwarfType::elementOf(operand.type)))
        refuse("'" + text(tree) + "' is an array other than a char string");
      return CompiledValue{operand.type, true, slotOffset(operand.slot)};
    }
    operand = value(operand, tree);
    return CompiledValue{operand.type, false, slotOffset(operand.slot)};
  }

 private:
  // A slot holds a scalar value (extended to 64 bits) or the address of an object.
  struct Operand {
    bool isAddress = false;
    TypeRef type;
    int slot = 0;
  };

  [[noreturn]] void refuse(const std::string& why) const { throw ConditionNotCompiled(why); }
  std::string text(const Node& node) const { return source_.substr(node.begin, node.end - node.begin); }

  static int16_t slotOffset(int slot) { return static_cast<int16_t>(ProbeEngine::kPredicateStackTop - 8 * (slot + 1)); }
  static int16_t stringBuffer() {
    return static_cast<int16_t>(slotOffset(ConditionCompiler::kMaxSlots) - ConditionCompiler::kMaxStringBytes - 8);
  }

  int allocate() {
    if (next_ >= ConditionCompiler::kMaxSlots) refuse("the condition is too deep for a probe program");
    return next_++;
  }
  void release(int slot) { next_ = slot + 1; }

  void storeConstant(int slot, uint64_t number) {
    code_.loadImmediate64(1, number);
    code_.store(8, 10, slotOffset(slot), 1);
  }

  static TypeRef computed(const Scalar& scalar) {
    return TypeRef::computed(
        scalar.kind == Scalar::Kind::Unsigned ? TypeRef::Scalar::Unsigned : TypeRef::Scalar::Signed, scalar.size);
  }

  // Reads `size` bytes at the address in `slot` into the slot, extended.
  void readInto(int slot, int size, bool isSigned) {
    code_.load(8, 3, 10, slotOffset(slot));
    code_.moveRegister(1, 10);
    code_.alu(BPF_ADD, 1, slotOffset(slot));
    code_.moveImmediate(2, size);
    code_.call(BPF_FUNC_probe_read_user);
    code_.jumpIf(BPF_JNE, 0, 0, labels_.fault);
    code_.load(size, 1, 10, slotOffset(slot));
    code_.extend(1, size, isSigned);
    code_.store(8, 10, slotOffset(slot), 1);
  }

  // An object's address through references (C++ `T&`).
  Operand object(Operand operand) {
    while (operand.isAddress && classify(operand.type).kind == Scalar::Kind::Reference) {
      readInto(operand.slot, 8, false);
      operand.type = DwarfType::pointee(operand.type);
    }
    return operand;
  }

  // The operand as a number in its slot; arrays decay to pointers.
  Operand value(Operand operand, const Node& node) {
    operand = object(operand);
    const Scalar scalar = classify(operand.type);
    switch (scalar.kind) {
      case Scalar::Kind::Float:
        refuse("'" + text(node) + "' is floating point");
      case Scalar::Kind::Aggregate:
        refuse("'" + text(node) + "' is a structure, not a number");
      case Scalar::Kind::Void:
        refuse("'" + text(node) + "' has no type a probe can read");
      case Scalar::Kind::Array:
        if (!operand.isAddress) refuse("'" + text(node) + "' is an array outside memory");
        return Operand{false, TypeRef::pointerTo(DwarfType::elementOf(operand.type)), operand.slot};
      default:
        break;
    }
    if (operand.isAddress) {
      if (scalar.size != 1 && scalar.size != 2 && scalar.size != 4 && scalar.size != 8) {
        refuse("'" + text(node) + "' is " + std::to_string(scalar.size) + " bytes wide");
      }
      readInto(operand.slot, scalar.size, scalar.isSigned());
      operand.isAddress = false;
    }
    return operand;
  }

  Operand compile(const Node& node) {
    switch (node.kind) {
      case Node::Kind::Name:
        return name(node);
      case Node::Kind::Integer: {
        const int slot = allocate();
        storeConstant(slot, node.integer);
        const int size = node.longLiteral ? 8 : 4;
        return Operand{
            false, TypeRef::computed(node.unsignedLiteral ? TypeRef::Scalar::Unsigned : TypeRef::Scalar::Signed, size),
            slot};
      }
      case Node::Kind::Member:
      case Node::Kind::PointerMember:
        return member(node);
      case Node::Kind::Index:
        return index(node);
      case Node::Kind::Unary:
        return unary(node);
      case Node::Kind::Binary:
        return binary(node);
      case Node::Kind::Cast:
        return cast(node);
      case Node::Kind::Conditional:
        return conditional(node);
      case Node::Kind::SizeofType: {
        auto size = DwarfType::size(namedType(node));
        if (!size) refuse("the size of '" + node.text + "' is not known");
        const int slot = allocate();
        storeConstant(slot, *size);
        return Operand{false, TypeRef::computed(TypeRef::Scalar::Unsigned, 8), slot};
      }
      case Node::Kind::Float:
        refuse("'" + text(node) + "' is floating point");
      case Node::Kind::String:
        refuse("a string literal is compared only with == or != to a char pointer or array");
      case Node::Kind::SizeofValue:
        refuse("sizeof of an expression is left to the debugger");
      case Node::Kind::Assign:
        refuse("the condition assigns, which changes the program");
      case Node::Kind::Call:
        refuse("'" + text(node) + "' calls a function, which a probe cannot do");
    }
    refuse("'" + text(node) + "' is not supported in a probe");
  }

  Operand name(const Node& node) {
    const std::string& name = node.text;
    if (!name.empty() && name[0] == '$') refuse("registers by name ('" + name + "') are left to the debugger");
    const FrameContext& context = *scope_.context;
    if (auto local = FrameScope::findLocal(context, name)) {
      const TypeRef type = DwarfType::typeOf(&*local);
      const auto location = RegisterRelativeLocation::of(context, &*local);
      const int slot = allocate();
      switch (location.kind) {
        case RegisterRelativeLocation::Kind::InRegister: {
          const Scalar scalar = classify(type);
          if (!scalar.isInteger() && scalar.kind != Scalar::Kind::Pointer)
            refuse("'" + name + "' is in a register but not a number");
          code_.load(8, 1, ProbeEngine::kContextRegister,
                     static_cast<int16_t>(RegisterRelativeLocation::contextOffset(location.dwarfRegister)));
          code_.extend(1, scalar.size, scalar.isSigned());
          code_.store(8, 10, slotOffset(slot), 1);
          return Operand{false, type, slot};
        }
        case RegisterRelativeLocation::Kind::AtRegisterOffset:
          code_.load(8, 1, ProbeEngine::kContextRegister,
                     static_cast<int16_t>(RegisterRelativeLocation::contextOffset(location.dwarfRegister)));
          code_.loadImmediate64(2, static_cast<uint64_t>(location.offset));
          code_.aluRegister(BPF_ADD, 1, 2);
          code_.store(8, 10, slotOffset(slot), 1);
          return Operand{true, type, slot};
        case RegisterRelativeLocation::Kind::AtAddress:
          storeConstant(slot, location.address);
          return Operand{true, type, slot};
        case RegisterRelativeLocation::Kind::Unavailable:
          break;
      }
      refuse("'" + name + "': " + location.problem);
    }
    if (FrameScope::findLocal(context, "this")) refuse("'" + name + "' may be a member of this");
    auto found = scope_.nonLocal ? scope_.nonLocal(name) : std::nullopt;
    if (!found) refuse("no symbol '" + name + "' at the breakpoint");
    const int slot = allocate();
    if (found->kind == Value::Kind::Memory) {
      storeConstant(slot, found->address);
      return Operand{true, found->type, slot};
    }
    const Scalar scalar = classify(found->type);
    if (found->kind == Value::Kind::Bytes && scalar.isInteger() && found->missing.empty() &&
        found->bytes.size() >= static_cast<size_t>(scalar.size) && scalar.size <= 8) {
      uint64_t number = 0;
      for (int i = scalar.size - 1; i >= 0; --i) number = (number << 8) | found->bytes[static_cast<size_t>(i)];
      if (scalar.isSigned() && scalar.size < 8 && (number >> (scalar.size * 8 - 1)) & 1)
        number |= ~uint64_t{0} << (scalar.size * 8);
      storeConstant(slot, number);
      return Operand{false, found->type, slot};
    }
    refuse("'" + name + "' is not in memory (" +
           (found->kind == Value::Kind::Unavailable ? found->problem : "a value") + ")");
  }

  Operand member(const Node& node) {
    Operand base = compile(*node.left);
    if (node.kind == Node::Kind::PointerMember) {
      base = value(base, *node.left);
      if (classify(base.type).kind != Scalar::Kind::Pointer) refuse("'" + text(*node.left) + "' is not a pointer");
      base = Operand{true, DwarfType::pointee(base.type), base.slot};
    }
    base = object(base);
    if (!base.isAddress || classify(base.type).kind != Scalar::Kind::Aggregate) {
      refuse("'" + text(*node.left) + "' is not a structure in memory");
    }
    for (Dwarf_Die& candidate : DwarfType::members(base.type)) {
      if (ValueNavigator::memberName(&candidate) != node.text) continue;
      auto offset = memberOffset(&candidate);
      if (!offset) refuse("'" + text(node) + "' is a bit-field or in a virtual base");
      addToSlot(base.slot, static_cast<int64_t>(*offset));
      return Operand{true, DwarfType::typeOf(&candidate), base.slot};
    }
    refuse("no member '" + node.text + "' in '" + text(*node.left) + "'");
  }

  void addToSlot(int slot, int64_t amount) {
    if (amount == 0) return;
    code_.load(8, 1, 10, slotOffset(slot));
    code_.loadImmediate64(2, static_cast<uint64_t>(amount));
    code_.aluRegister(BPF_ADD, 1, 2);
    code_.store(8, 10, slotOffset(slot), 1);
  }

  // slot(base) += slot(base + 1) * size
  void addScaled(int base, int64_t size, bool subtract = false) {
    code_.load(8, 1, 10, slotOffset(base));
    code_.load(8, 2, 10, slotOffset(base + 1));
    code_.loadImmediate64(3, static_cast<uint64_t>(size));
    code_.aluRegister(BPF_MUL, 2, 3);
    code_.aluRegister(subtract ? BPF_SUB : BPF_ADD, 1, 2);
    code_.store(8, 10, slotOffset(base), 1);
  }

  Operand index(const Node& node) {
    Operand base = object(compile(*node.left));
    TypeRef element;
    if (base.isAddress && classify(base.type).kind == Scalar::Kind::Array) {
      element = DwarfType::elementOf(base.type);
    } else {
      base = value(base, *node.left);
      if (classify(base.type).kind != Scalar::Kind::Pointer)
        refuse("'" + text(*node.left) + "' is not an array or a pointer");
      element = DwarfType::pointee(base.type);
    }
    const auto size = DwarfType::size(element);
    if (!size || *size == 0) refuse("the elements of '" + text(*node.left) + "' have no known size");
    Operand offset = value(compile(*node.right), *node.right);
    if (!classify(offset.type).isInteger()) refuse("the index '" + text(*node.right) + "' is not an integer");
    addScaled(base.slot, static_cast<int64_t>(*size));
    release(base.slot);
    return Operand{true, element, base.slot};
  }

  Operand unary(const Node& node) {
    const std::string& op = node.text;
    if (op == "&") {
      Operand target = object(compile(*node.left));
      if (!target.isAddress) refuse("'" + text(*node.left) + "' has no address");
      return Operand{false, TypeRef::pointerTo(target.type), target.slot};
    }
    Operand operand = value(compile(*node.left), *node.left);
    const Scalar scalar = classify(operand.type);
    if (op == "*") {
      if (scalar.kind != Scalar::Kind::Pointer || !DwarfType::pointee(operand.type).valid) {
        refuse("'" + text(*node.left) + "' is not a typed pointer");
      }
      return Operand{true, DwarfType::pointee(operand.type), operand.slot};
    }
    code_.load(8, 1, 10, slotOffset(operand.slot));
    if (op == "!") {
      truthToSlot(BPF_JEQ, operand.slot);
      return Operand{false, TypeRef::computed(TypeRef::Scalar::Signed, 4), operand.slot};
    }
    if (!scalar.isInteger()) refuse("invalid operand of unary '" + op + "': '" + text(*node.left) + "'");
    const Scalar promoted{
        scalar.kind == Scalar::Kind::Unsigned && scalar.size >= 4 ? Scalar::Kind::Unsigned : Scalar::Kind::Signed,
        std::max(scalar.size, 4)};
    if (op == "-") code_.alu(BPF_NEG, 1, 0);
    if (op == "~") code_.alu(BPF_XOR, 1, -1);
    code_.extend(1, promoted.size, promoted.isSigned());
    code_.store(8, 10, slotOffset(operand.slot), 1);
    return Operand{false, computed(promoted), operand.slot};
  }

  // slot = (r1 <jump> 0) ? 1 : 0
  void truthToSlot(int jump, int slot) {
    flagToSlot(slot, [&](BpfAssembler::Label yes) { code_.jumpIf(jump, 1, 0, yes); });
  }

  // slot = 1 when `test` jumps to its label, else 0.
  void flagToSlot(int slot, const std::function<void(BpfAssembler::Label)>& test) {
    const auto yes = code_.newLabel(), done = code_.newLabel();
    test(yes);
    code_.moveImmediate(1, 0);
    code_.jump(done);
    code_.bind(yes);
    code_.moveImmediate(1, 1);
    code_.bind(done);
    code_.store(8, 10, slotOffset(slot), 1);
  }

  Operand logical(const Node& node) {
    const bool isAnd = node.text == "&&";
    Operand left = value(compile(*node.left), *node.left);
    const auto decided = code_.newLabel(), done = code_.newLabel();
    code_.load(8, 1, 10, slotOffset(left.slot));
    code_.jumpIf(isAnd ? BPF_JEQ : BPF_JNE, 1, 0, decided);
    release(left.slot - 1);
    Operand right = value(compile(*node.right), *node.right);
    if (right.slot != left.slot) refuse("internal slot mismatch");
    code_.load(8, 1, 10, slotOffset(right.slot));
    truthToSlot(BPF_JNE, right.slot);
    code_.jump(done);
    code_.bind(decided);
    code_.moveImmediate(1, isAnd ? 0 : 1);
    code_.store(8, 10, slotOffset(left.slot), 1);
    code_.bind(done);
    release(left.slot);
    return Operand{false, TypeRef::computed(TypeRef::Scalar::Signed, 4), left.slot};
  }

  // `text == "literal"`: compares the bytes of a char array or pointer.
  Operand stringEquality(const Node& node, const Node& other, const std::string& literal) {
    if (literal.size() + 1 > ConditionCompiler::kMaxStringBytes) refuse("the string literal is longer than 63 bytes");
    Operand target = object(compile(other));
    size_t length = literal.size() + 1;
    const Scalar scalar = classify(target.type);
    if (target.isAddress && scalar.kind == Scalar::Kind::Array) {
      if (!DwarfType::isCharacter(DwarfType::elementOf(target.type)))
        refuse("'" + text(other) + "' is not a char array");
      length = std::min(length, static_cast<size_t>(scalar.size));
    } else {
      target = value(target, other);
      if (classify(target.type).kind != Scalar::Kind::Pointer ||
          !DwarfType::isCharacter(DwarfType::pointee(target.type))) {
        refuse("'" + text(other) + "' is not a char pointer or array");
      }
    }
    if (length == 0) refuse("'" + text(other) + "' has no bytes");
    code_.load(8, 3, 10, slotOffset(target.slot));
    code_.moveRegister(1, 10);
    code_.alu(BPF_ADD, 1, stringBuffer());
    code_.moveImmediate(2, static_cast<int32_t>(length));
    code_.call(BPF_FUNC_probe_read_user);
    code_.jumpIf(BPF_JNE, 0, 0, labels_.fault);
    const auto differ = code_.newLabel(), done = code_.newLabel();
    for (size_t i = 0; i < length; ++i) {
      const uint8_t expected = i < literal.size() ? static_cast<uint8_t>(literal[i]) : 0;
      code_.load(1, 1, 10, static_cast<int16_t>(stringBuffer() + static_cast<int>(i)));
      code_.jumpIf(BPF_JNE, 1, expected, differ);
    }
    const bool equal = node.text == "==";
    code_.moveImmediate(1, equal ? 1 : 0);
    code_.jump(done);
    code_.bind(differ);
    code_.moveImmediate(1, equal ? 0 : 1);
    code_.bind(done);
    code_.store(8, 10, slotOffset(target.slot), 1);
    release(target.slot);
    return Operand{false, TypeRef::computed(TypeRef::Scalar::Signed, 4), target.slot};
  }

  Operand binary(const Node& node) {
    const std::string& op = node.text;
    if (op == "&&" || op == "||") return logical(node);
    if ((op == "==" || op == "!=") &&
        (node.left->kind == Node::Kind::String || node.right->kind == Node::Kind::String)) {
      const bool literalRight = node.right->kind == Node::Kind::String;
      return stringEquality(node, literalRight ? *node.left : *node.right,
                            literalRight ? node.right->text : node.left->text);
    }
    if (op == ",") refuse("the comma operator is left to the debugger");
    Operand left = value(compile(*node.left), *node.left);
    Operand right = value(compile(*node.right), *node.right);
    const Scalar a = classify(left.type), b = classify(right.type);
    const bool comparison = op == "==" || op == "!=" || op == "<" || op == ">" || op == "<=" || op == ">=";
    const bool aPointer = a.kind == Scalar::Kind::Pointer, bPointer = b.kind == Scalar::Kind::Pointer;
    auto invalid = [&]() {
      refuse("invalid operands to '" + op + "': '" + text(*node.left) + "' and '" + text(*node.right) + "'");
    };
    if ((!a.isInteger() && !aPointer) || (!b.isInteger() && !bPointer)) invalid();
    const bool anyPointer = aPointer || bPointer;
    Scalar common{Scalar::Kind::Signed, std::max({a.size, b.size, 4})};
    if (anyPointer || (a.kind == Scalar::Kind::Unsigned && a.size >= common.size) ||
        (b.kind == Scalar::Kind::Unsigned && b.size >= common.size)) {
      common.kind = Scalar::Kind::Unsigned;
    }
    const int base = left.slot;
    if (comparison) {
      static const std::pair<const char*, std::pair<int, int>> jumps[] = {
          {"==", {BPF_JEQ, BPF_JEQ}}, {"!=", {BPF_JNE, BPF_JNE}},  {"<", {BPF_JLT, BPF_JSLT}},
          {">", {BPF_JGT, BPF_JSGT}}, {"<=", {BPF_JLE, BPF_JSLE}}, {">=", {BPF_JGE, BPF_JSGE}}};
      int jump = BPF_JEQ;
      for (const auto& [name, codes] : jumps) {
        if (op == name) jump = common.isSigned() ? codes.second : codes.first;
      }
      // Both operands converted to the common type first (an int compared with an unsigned int wraps, as in C).
      code_.load(8, 1, 10, slotOffset(base));
      code_.load(8, 2, 10, slotOffset(base + 1));
      code_.extend(1, common.size, common.isSigned());
      code_.extend(2, common.size, common.isSigned());
      flagToSlot(base, [&](BpfAssembler::Label yes) { code_.jumpIfRegister(jump, 1, 2, yes); });
      release(base);
      return Operand{false, TypeRef::computed(TypeRef::Scalar::Signed, 4), base};
    }
    if (anyPointer) {
      auto elementSize = [&](const Operand& pointer, const Node& side) {
        auto size = DwarfType::size(DwarfType::pointee(pointer.type));
        if (!size || *size == 0) refuse("'" + text(side) + "' points to something without a size");
        return static_cast<int64_t>(*size);
      };
      if (aPointer && bPointer) {
        if (op != "-") invalid();
        const int64_t size = elementSize(left, *node.left);
        code_.load(8, 1, 10, slotOffset(base));
        code_.load(8, 2, 10, slotOffset(base + 1));
        code_.aluRegister(BPF_SUB, 1, 2);
        code_.loadImmediate64(2, static_cast<uint64_t>(size));
        code_.signedDivide(false, 1, 2, 3);
        code_.store(8, 10, slotOffset(base), 1);
        release(base);
        return Operand{false, TypeRef::computed(TypeRef::Scalar::Signed, 8), base};
      }
      if (op != "+" && !(op == "-" && aPointer)) invalid();
      if (bPointer) {  // integer + pointer: swap the slots
        code_.load(8, 1, 10, slotOffset(base));
        code_.load(8, 2, 10, slotOffset(base + 1));
        code_.store(8, 10, slotOffset(base), 2);
        code_.store(8, 10, slotOffset(base + 1), 1);
      }
      const Operand& pointer = aPointer ? left : right;
      addScaled(base, elementSize(pointer, aPointer ? *node.left : *node.right), op == "-");
      release(base);
      return Operand{false, pointer.type, base};
    }
    code_.load(8, 1, 10, slotOffset(base));
    code_.load(8, 2, 10, slotOffset(base + 1));
    code_.extend(1, common.size, common.isSigned());
    code_.extend(2, common.size, common.isSigned());
    if (op == "/" || op == "%") {
      code_.jumpIf(BPF_JEQ, 2, 0, labels_.fault);  // the debugger then says "division by zero"
      if (common.isSigned()) {
        code_.signedDivide(op == "%", 1, 2, 3);
      } else {
        code_.aluRegister(op == "/" ? BPF_DIV : BPF_MOD, 1, 2);
      }
    } else {
      static const std::pair<const char*, int> operations[] = {{"+", BPF_ADD}, {"-", BPF_SUB}, {"*", BPF_MUL},
                                                               {"&", BPF_AND}, {"|", BPF_OR},  {"^", BPF_XOR},
                                                               {"<<", BPF_LSH}};
      int operation = -1;
      for (const auto& [name, code] : operations) {
        if (op == name) operation = code;
      }
      if (op == ">>") operation = common.isSigned() ? BPF_ARSH : BPF_RSH;
      if (operation < 0) refuse("the operator '" + op + "' is left to the debugger");
      code_.aluRegister(operation, 1, 2);
    }
    code_.extend(1, common.size, common.isSigned());
    code_.store(8, 10, slotOffset(base), 1);
    release(base);
    return Operand{false, computed(common), base};
  }

  TypeRef namedType(const Node& node) {
    auto type = scope_.findType ? scope_.findType(node.text) : std::nullopt;
    if (!type) refuse("no type named '" + node.text + "'");
    TypeRef out = *type;
    for (int i = 0; i < node.pointerDepth; ++i) out = TypeRef::pointerTo(out);
    return out;
  }

  Operand cast(const Node& node) {
    if (node.reference) refuse("casts to references are left to the debugger");
    const TypeRef target = namedType(node);
    const Scalar to = classify(target);
    if (!to.isInteger() && to.kind != Scalar::Kind::Pointer)
      refuse("a cast to '" + text(node) + "' is left to the debugger");
    Operand operand = value(compile(*node.left), *node.left);
    if (!classify(operand.type).isInteger() && classify(operand.type).kind != Scalar::Kind::Pointer) {
      refuse("'" + text(*node.left) + "' cannot be cast in a probe");
    }
    code_.load(8, 1, 10, slotOffset(operand.slot));
    if (to.kind == Scalar::Kind::Bool) {
      truthToSlot(BPF_JNE, operand.slot);
    } else {
      code_.extend(1, to.size, to.isSigned());
      code_.store(8, 10, slotOffset(operand.slot), 1);
    }
    return Operand{false, target, operand.slot};
  }

  Operand conditional(const Node& node) {
    Operand test = value(compile(*node.left), *node.left);
    const int base = test.slot;
    const auto otherwise = code_.newLabel(), done = code_.newLabel();
    code_.load(8, 1, 10, slotOffset(base));
    code_.jumpIf(BPF_JEQ, 1, 0, otherwise);
    release(base - 1);
    Operand yes = value(compile(*node.right), *node.right);
    code_.jump(done);
    code_.bind(otherwise);
    release(base - 1);
    Operand no = value(compile(*node.otherwise), *node.otherwise);
    code_.bind(done);
    const Scalar a = classify(yes.type), b = classify(no.type);
    if (a.kind == Scalar::Kind::Pointer) return Operand{false, yes.type, base};
    if (b.kind == Scalar::Kind::Pointer) return Operand{false, no.type, base};
    const bool isUnsigned = a.kind == Scalar::Kind::Unsigned || b.kind == Scalar::Kind::Unsigned;
    return Operand{false,
                   TypeRef::computed(isUnsigned ? TypeRef::Scalar::Unsigned : TypeRef::Scalar::Signed,
                                     std::max({a.size, b.size, 4})),
                   base};
  }

  const ConditionScope& scope_;
  const std::string& source_;
  BpfAssembler& code_;
  PredicateLabels labels_;
  int next_ = 0;
};

}  // namespace

ValueEmitter ConditionCompiler::compileValue(const std::string& expression, const ConditionScope& scope,
                                             CompiledValue& shape) {
  if (!scope.context || !scope.context->hasUnit)
    throw ConditionNotCompiled("there is no debug information at the logpoint");
  auto isTypeName = [&scope](const std::string& name) { return scope.findType && scope.findType(name).has_value(); };
  auto parsed = std::make_shared<ParsedExpression>(ExpressionParser::parse(expression, isTypeName));
  if (parsed->format.hex || parsed->format.raw)
    throw ConditionNotCompiled("'" + expression + "' asks for a format the debugger applies");
  auto source = std::make_shared<std::string>(expression);
  BpfAssembler trial;
  const PredicateLabels trialLabels{trial.newLabel(), trial.newLabel()};
  shape = Compiler(scope, *source, trial, trialLabels).logValue(*parsed->tree);
  return [parsed, source, scope](BpfAssembler& code, BpfAssembler::Label fault) {
    return Compiler(scope, *source, code, PredicateLabels{code.newLabel(), fault}).logValue(*parsed->tree);
  };
}

PredicateEmitter ConditionCompiler::compile(const std::string& condition, const ConditionScope& scope) {
  if (!scope.context || !scope.context->hasUnit)
    throw ConditionNotCompiled("there is no debug information at the breakpoint");
  auto isTypeName = [&scope](const std::string& name) { return scope.findType && scope.findType(name).has_value(); };
  auto parsed = std::make_shared<ParsedExpression>(ExpressionParser::parse(condition, isTypeName));
  auto source = std::make_shared<std::string>(condition);
  // Once now, so that what cannot be compiled is known before placing the probe.
  BpfAssembler trial;
  const PredicateLabels trialLabels{trial.newLabel(), trial.newLabel()};
  Compiler(scope, *source, trial, trialLabels).condition(*parsed->tree);
  return [parsed, source, scope](BpfAssembler& code, const PredicateLabels& labels) {
    Compiler(scope, *source, code, labels).condition(*parsed->tree);
  };
}

}  // namespace rwd
