// ValueWriter: converting and storing assigned values.
#include "symbols/ValueWriter.h"

#include <dwarf.h>

#include <cstring>

#include "core/DebugError.h"
#include "symbols/DwarfType.h"
#include "symbols/ValueFormatter.h"

namespace rwd {

namespace {

bool isAggregate(int tag) {
  return tag == DW_TAG_structure_type || tag == DW_TAG_union_type || tag == DW_TAG_class_type;
}

}  // namespace

void ValueWriter::refuse(const std::string& targetText, const std::string& why) {
  throw DebugError(DebugError::BadExpression, "cannot change '" + targetText + "': " + why);
}

Value ValueWriter::assign(const Value& original, const ExpressionNode& source, ExpressionEvaluator& evaluator,
                          const std::string& targetText) {
  Value target = original;
  const int tag = DwarfType::tag(target.type);
  if (tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type) {
    if (!navigator_.canDereference(target)) refuse(targetText, "the reference cannot be read");
    target = navigator_.dereference(target);
  }
  if (target.kind == Value::Kind::Unavailable) refuse(targetText, "it is " + target.problem);
  if (target.type.isComputed() && target.kind != Value::Kind::Memory && target.registerNumber < 0) {
    refuse(targetText, "it is a computed value, not a variable");
  }
  return store(target, newBytes(target, source, evaluator, targetText), targetText);
}

std::vector<uint8_t> ValueWriter::newBytes(const Value& target, const ExpressionNode& source,
                                           ExpressionEvaluator& evaluator, const std::string& targetText) {
  const int tag = target.type.isComputed() ? DW_TAG_base_type : DwarfType::tag(target.type);
  const uint64_t size = navigator_.sizeOf(target).value_or(0);
  if (source.kind == ExpressionNode::Kind::String) {
    if (tag != DW_TAG_array_type || !DwarfType::isCharacter(DwarfType::elementOf(target.type))) {
      refuse(targetText, "a string can only be stored in a char array");
    }
    if (source.text.size() + 1 > size) {
      refuse(targetText, "the string needs " + std::to_string(source.text.size() + 1) + " bytes and the array has " +
                             std::to_string(size));
    }
    std::vector<uint8_t> bytes(source.text.begin(), source.text.end());
    bytes.push_back(0);
    return bytes;
  }
  Value value = evaluator.evaluate(source);
  if (isAggregate(tag) || tag == DW_TAG_array_type) {
    if (DwarfType::name(DwarfType::strip(value.type)) != DwarfType::name(DwarfType::strip(target.type))) {
      refuse(targetText, "'" + evaluator.textOf(source) + "' is a " + DwarfType::name(value.type) + ", not a " +
                             DwarfType::name(target.type));
    }
    std::string problem;
    auto bytes = navigator_.read(value, size, &problem);
    if (!bytes) refuse(targetText, "'" + evaluator.textOf(source) + "' cannot be read: " + problem);
    return *bytes;
  }
  ExpressionEvaluator::Number number = evaluator.number(source, value);
  if (tag == DW_TAG_pointer_type && number.kind == ExpressionEvaluator::Number::Kind::Float) {
    refuse(targetText, "a pointer cannot be set to a floating-point number");
  }
  auto bytes = ExpressionEvaluator::convert(number, target.type, size);
  if (!bytes) refuse(targetText, "values of type " + DwarfType::name(target.type) + " cannot be assigned");
  return *bytes;
}

Value ValueWriter::store(const Value& target, const std::vector<uint8_t>& bytes, const std::string& targetText) {
  std::vector<uint8_t> stored = bytes;
  if (target.bitSize) {
    // Replace the field's bits in the bytes that hold it.
    const size_t span = (target.bitOffset + target.bitSize + 7) / 8;
    std::string problem;
    auto current = navigator_.read(target, span, &problem);
    if (!current) refuse(targetText, problem);
    unsigned __int128 word = 0, field = 0;
    for (size_t i = 0; i < span && i < 16; ++i) word |= static_cast<unsigned __int128>((*current)[i]) << (8 * i);
    for (size_t i = 0; i < bytes.size() && i < 8; ++i) field |= static_cast<unsigned __int128>(bytes[i]) << (8 * i);
    const unsigned __int128 mask = ((static_cast<unsigned __int128>(1) << target.bitSize) - 1) << target.bitOffset;
    word = (word & ~mask) | ((field << target.bitOffset) & mask);
    stored.assign(span, 0);
    for (size_t i = 0; i < span; ++i) stored[i] = static_cast<uint8_t>(word >> (8 * i));
  }
  if (target.kind == Value::Kind::Memory) {
    if (!memory_.target().writeMemory(target.address, stored.data(), stored.size())) {
      refuse(targetText, "the program's memory at " + ValueFormatter::hex(target.address) + " cannot be written");
    }
    memory_.clear();
    return target;
  }
  if (target.registerNumber >= 0 && !target.bitSize) {
    if (!target.frame || target.frame->frame.index != 0) {
      refuse(targetText, "it is kept in a register of a calling frame; change it in the innermost frame");
    }
    uint64_t registerValue = 0;
    std::memcpy(&registerValue, stored.data(), std::min<size_t>(stored.size(), 8));
    if (!registers_ || !registers_(target.frame->frame.tid, target.registerNumber, registerValue)) {
      refuse(targetText, "its register cannot be written");
    }
    Value updated = Value::ofBytes(target.type, stored, target.frame);
    updated.registerNumber = target.registerNumber;
    return updated;
  }
  refuse(targetText, "its value is computed by the optimizer, not stored anywhere");
}

}  // namespace rwd
