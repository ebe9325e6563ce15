// ValueNavigator: bytes, scalars, members, elements and children of Values.
#include "symbols/ValueNavigator.h"

#include <dwarf.h>

#include <algorithm>
#include <cstring>

#include "symbols/FrameScope.h"

namespace rwd {

namespace {

std::string hex(uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

uint64_t littleEndianValue(const std::vector<uint8_t>& bytes, size_t from, size_t count) {
  uint64_t value = 0;
  for (size_t i = 0; i < count && i < 8 && from + i < bytes.size(); ++i) {
    value |= static_cast<uint64_t>(bytes[from + i]) << (8 * i);
  }
  return value;
}

bool isAggregate(int tag) {
  return tag == DW_TAG_structure_type || tag == DW_TAG_union_type || tag == DW_TAG_class_type;
}

}  // namespace

DwarfType::BoundEvaluator ValueNavigator::boundsFor(const Value& value) {
  auto frame = value.frame;
  return [this, frame](Dwarf_Attribute* attribute) {
    return FrameScope::evaluateBound(frame, attribute, symbols_, memory_);
  };
}

std::optional<uint64_t> ValueNavigator::sizeOf(const Value& value) {
  if (DwarfType::tag(value.type) != DW_TAG_array_type) return DwarfType::size(value.type);
  auto bounds = boundsFor(value);
  return DwarfType::size(value.type, &bounds);
}

std::string ValueNavigator::typeName(const Value& value) {
  if (value.type.isComputed() || value.type.pointerLevel > 0 || value.type.artificialCount > 0 ||
      DwarfType::tag(value.type) != DW_TAG_array_type) {
    return DwarfType::name(value.type);
  }
  auto bounds = boundsFor(value);
  return DwarfType::name(value.type, &bounds);
}

std::optional<uint64_t> ValueNavigator::arrayCount(const Value& array) {
  auto bounds = boundsFor(array);
  return DwarfType::arrayCount(array.type, &bounds);
}

std::optional<std::vector<uint8_t>> ValueNavigator::read(const Value& value, size_t size, std::string* problem) {
  switch (value.kind) {
    case Value::Kind::Unavailable:
      if (problem) *problem = value.problem;
      return std::nullopt;
    case Value::Kind::Memory: {
      std::vector<uint8_t> bytes(size);
      size_t got = memory_.read(value.address, bytes.data(), size);
      if (got < size) {
        if (problem) *problem = "unreadable " + hex(value.address + got);
        return std::nullopt;
      }
      return bytes;
    }
    case Value::Kind::Bytes:
      break;
  }
  bool missing = value.bytes.size() < size;
  for (const auto& [from, to] : value.missing) missing |= from < size && to > 0;
  if (missing) {
    if (problem) *problem = "optimized out";
    return std::nullopt;
  }
  return std::vector<uint8_t>(value.bytes.begin(), value.bytes.begin() + static_cast<ptrdiff_t>(size));
}

std::optional<uint64_t> ValueNavigator::readUnsigned(const Value& value, std::string* problem) {
  if (value.bitSize) {
    const size_t count = (value.bitOffset + value.bitSize + 7) / 8;
    auto bytes = read(value, count, problem);
    if (!bytes) return std::nullopt;
    unsigned __int128 raw = 0;
    for (size_t i = 0; i < bytes->size() && i < 16; ++i) raw |= static_cast<unsigned __int128>((*bytes)[i]) << (8 * i);
    raw >>= value.bitOffset;
    const uint64_t mask = value.bitSize >= 64 ? ~0ull : ((1ull << value.bitSize) - 1);
    return static_cast<uint64_t>(raw) & mask;
  }
  const size_t size = static_cast<size_t>(std::min<uint64_t>(sizeOf(value).value_or(8), 8));
  auto bytes = read(value, size, problem);
  if (!bytes) return std::nullopt;
  return littleEndianValue(*bytes, 0, size);
}

std::optional<int64_t> ValueNavigator::readSigned(const Value& value, std::string* problem) {
  auto raw = readUnsigned(value, problem);
  if (!raw) return std::nullopt;
  const unsigned bits =
      value.bitSize ? value.bitSize : static_cast<unsigned>(8 * std::min<uint64_t>(sizeOf(value).value_or(8), 8));
  if (bits >= 64) return static_cast<int64_t>(*raw);
  const uint64_t sign = 1ull << (bits - 1);
  return static_cast<int64_t>((*raw ^ sign) - sign);
}

std::optional<long double> ValueNavigator::readFloat(const Value& value, std::string* problem) {
  const uint64_t size = sizeOf(value).value_or(0);
  if (size == 4) {
    auto bytes = read(value, 4, problem);
    if (!bytes) return std::nullopt;
    float out;
    std::memcpy(&out, bytes->data(), 4);
    return out;
  }
  if (size == 8) {
    auto bytes = read(value, 8, problem);
    if (!bytes) return std::nullopt;
    double out;
    std::memcpy(&out, bytes->data(), 8);
    return out;
  }
  if (size == 10 || size == 12 || size == 16) {
    auto bytes = read(value, 10, problem);
    if (!bytes) return std::nullopt;
    long double out = 0;
    std::memcpy(&out, bytes->data(), 10);  // x87 extended precision
    return out;
  }
  if (problem) *problem = "unsupported floating-point size";
  return std::nullopt;
}

std::optional<std::string> ValueNavigator::readCString(uint64_t address, size_t limit, bool* complete) {
  std::string out;
  if (complete) *complete = false;
  char chunk[256];
  while (out.size() < limit) {
    size_t want = std::min(sizeof chunk, limit - out.size());
    size_t got = memory_.read(address + out.size(), chunk, want);
    if (got == 0) return out.empty() ? std::nullopt : std::optional<std::string>(out);
    const void* nul = std::memchr(chunk, 0, got);
    if (nul) {
      out.append(chunk, static_cast<const char*>(nul) - chunk);
      if (complete) *complete = true;
      return out;
    }
    out.append(chunk, got);
    if (got < want) return out;
  }
  return out;
}

Value ValueNavigator::slice(const Value& parent, const TypeRef& type, uint64_t offset, uint64_t size) {
  switch (parent.kind) {
    case Value::Kind::Memory:
      return Value::inMemory(type, parent.address + offset, parent.frame);
    case Value::Kind::Unavailable:
      return Value::unavailable(type, parent.problem);
    case Value::Kind::Bytes:
      break;
  }
  if (offset + size > parent.bytes.size()) return Value::unavailable(type, "optimized out");
  Value part = Value::ofBytes(type,
                              std::vector<uint8_t>(parent.bytes.begin() + static_cast<ptrdiff_t>(offset),
                                                   parent.bytes.begin() + static_cast<ptrdiff_t>(offset + size)),
                              parent.frame);
  for (const auto& [from, to] : parent.missing) {
    const uint64_t start = std::max<uint64_t>(from, offset);
    const uint64_t end = std::min<uint64_t>(to, offset + size);
    if (start < end)
      part.missing.emplace_back(static_cast<uint32_t>(start - offset), static_cast<uint32_t>(end - offset));
  }
  return part;
}

Value ValueNavigator::element(const Value& array, uint64_t index) {
  TypeRef type = DwarfType::elementOf(array.type);
  auto bounds = boundsFor(array);
  const uint64_t size = DwarfType::size(type, &bounds).value_or(0);
  return slice(array, type, index * size, size);
}

Value ValueNavigator::dereference(const Value& pointer, int64_t index) {
  const int tag = DwarfType::tag(pointer.type);
  if (tag == DW_TAG_array_type) return element(pointer, static_cast<uint64_t>(index));
  TypeRef target = DwarfType::pointee(pointer.type);
  std::string problem;
  auto address = readUnsigned(pointer, &problem);
  if (!address) return Value::unavailable(target, problem);
  const uint64_t size = DwarfType::size(target).value_or(1);
  return Value::inMemory(target, *address + static_cast<uint64_t>(index) * size, pointer.frame);
}

std::string ValueNavigator::memberName(Dwarf_Die* member) {
  if (dwarf_tag(member) == DW_TAG_inheritance) return DwarfType::name(DwarfType::typeOf(member));
  const char* name = dwarf_diename(member);
  if (!name && dwarf_hasattr(member, DW_AT_artificial)) return "<discriminant>";  // of a Rust enum
  return name ? name : "";
}

Value ValueNavigator::memberValue(const Value& aggregate, Dwarf_Die* member) {
  TypeRef type = DwarfType::typeOf(member);
  uint64_t offset = 0;
  Dwarf_Attribute attribute;
  if (dwarf_attr(member, DW_AT_data_member_location, &attribute)) {
    Dwarf_Word constant = 0;
    Dwarf_Op* ops = nullptr;
    size_t count = 0;
    if (dwarf_formudata(&attribute, &constant) == 0) {
      offset = constant;
    } else if (dwarf_getlocation(&attribute, &ops, &count) == 0 && count == 1 && ops[0].atom == DW_OP_plus_uconst) {
      offset = ops[0].number;
    } else {
      return Value::unavailable(type, "virtual base classes are not supported yet");
    }
  }
  const int bitSize = dwarf_bitsize(member);
  if (bitSize > 0) {
    uint64_t position = 0;
    Dwarf_Word dataBitOffset = 0;
    if (dwarf_attr(member, DW_AT_data_bit_offset, &attribute) && dwarf_formudata(&attribute, &dataBitOffset) == 0) {
      position = dataBitOffset;
    } else {
      // DWARF 2/3: bit_offset counts from the most significant bit of the
      // storage unit.
      int storage = dwarf_bytesize(member);
      if (storage <= 0) storage = static_cast<int>(DwarfType::size(type).value_or(4));
      position = offset * 8 + static_cast<uint64_t>(storage * 8 - std::max(dwarf_bitoffset(member), 0) - bitSize);
    }
    const uint64_t firstByte = position / 8;
    const uint16_t bitOffset = static_cast<uint16_t>(position % 8);
    Value field = slice(aggregate, type, firstByte, (bitOffset + bitSize + 7) / 8);
    field.bitOffset = bitOffset;
    field.bitSize = static_cast<uint16_t>(bitSize);
    return field;
  }
  return slice(aggregate, type, offset, DwarfType::size(type).value_or(0));
}

std::optional<Value> ValueNavigator::member(const Value& aggregate, const std::string& name) {
  for (Dwarf_Die& member : DwarfType::members(aggregate.type)) {
    const bool inherited = dwarf_tag(&member) == DW_TAG_inheritance;
    const std::string own = inherited ? "" : memberName(&member);
    if (!own.empty() && own == name) return memberValue(aggregate, &member);
    if (own.empty() && isAggregate(DwarfType::tag(DwarfType::typeOf(&member)))) {
      if (auto found = this->member(memberValue(aggregate, &member), name)) return found;
    }
  }
  return std::nullopt;
}

bool ValueNavigator::canDereference(const Value& pointer) {
  const int tag = DwarfType::tag(pointer.type);
  if (tag != DW_TAG_pointer_type && tag != DW_TAG_reference_type && tag != DW_TAG_rvalue_reference_type) return false;
  TypeRef target = DwarfType::pointee(pointer.type);
  const int targetTag = DwarfType::tag(target);
  if (targetTag == 0 || targetTag == DW_TAG_subroutine_type || DwarfType::isDeclaration(target)) return false;
  auto address = readUnsigned(pointer, nullptr);
  return address && *address != 0;
}

int64_t ValueNavigator::indexedChildCount(const Value& value) {
  const int tag = DwarfType::tag(value.type);
  if (tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type) {
    return canDereference(value) ? indexedChildCount(dereference(value)) : 0;
  }
  if (tag != DW_TAG_array_type) return 0;
  return static_cast<int64_t>(arrayCount(value).value_or(0));
}

int64_t ValueNavigator::namedChildCount(const Value& value) {
  const int tag = DwarfType::tag(value.type);
  if (tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type) {
    return canDereference(value) ? namedChildCount(dereference(value)) : 0;
  }
  if (tag == DW_TAG_pointer_type) return canDereference(value) ? 1 : 0;
  if (isAggregate(tag) && !DwarfType::isDeclaration(value.type)) {
    return static_cast<int64_t>(DwarfType::members(value.type).size());
  }
  return 0;
}

std::vector<ValueNavigator::Child> ValueNavigator::children(const Value& value, const std::string& name, int64_t start,
                                                            int64_t count) {
  std::vector<Child> out;
  if (start < 0) start = 0;
  const int tag = DwarfType::tag(value.type);
  if (tag == DW_TAG_reference_type || tag == DW_TAG_rvalue_reference_type) {
    if (canDereference(value)) return children(dereference(value), name, start, count);
    return out;
  }
  auto window = [&](int64_t total) {
    const int64_t end = count <= 0 ? total : std::min(total, start + count);
    return std::max<int64_t>(end, start);
  };
  if (tag == DW_TAG_array_type) {
    const int64_t total = static_cast<int64_t>(arrayCount(value).value_or(0));
    const int64_t end = window(total);
    TypeRef type = DwarfType::elementOf(value.type);
    auto bounds = boundsFor(value);
    const uint64_t size = DwarfType::size(type, &bounds).value_or(0);
    out.reserve(static_cast<size_t>(end - start));
    for (int64_t i = start; i < end; ++i) {
      out.push_back({"[" + std::to_string(i) + "]", slice(value, type, static_cast<uint64_t>(i) * size, size)});
    }
    return out;
  }
  if (tag == DW_TAG_pointer_type) {
    if (start == 0 && canDereference(value)) out.push_back({"*" + name, dereference(value)});
    return out;
  }
  if (isAggregate(tag)) {
    auto members = DwarfType::members(value.type);
    const int64_t end = window(static_cast<int64_t>(members.size()));
    for (int64_t i = start; i < end; ++i) {
      std::string memberLabel = memberName(&members[i]);
      out.push_back({memberLabel.empty() ? "<anonymous>" : memberLabel, memberValue(value, &members[i])});
    }
  }
  return out;
}

}  // namespace rwd
