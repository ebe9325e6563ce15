// ValueFormatter: one-line texts of values, C style.
#include "symbols/ValueFormatter.h"

#include <dwarf.h>

#include <cstdio>
#include <cstring>

#include "symbols/DieTree.h"

namespace rwd {

namespace {

// As gdb prints floating-point values: %g with three digits more than the
// type's decimal precision (9 for float, 17 for double, 21 for long double),
// so 3.14 in a double shows as 3.1400000000000001 and 0.25 as 0.25.
std::string floatText(long double value, uint64_t size) {
  char buffer[64];
  if (size == 4) std::snprintf(buffer, sizeof buffer, "%.9g", static_cast<double>(static_cast<float>(value)));
  else if (size == 8) std::snprintf(buffer, sizeof buffer, "%.17g", static_cast<double>(value));
  else std::snprintf(buffer, sizeof buffer, "%.21Lg", value);
  return buffer;
}

std::string int128Text(unsigned __int128 value, bool negative) {
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(value % 10)));
    value /= 10;
  } while (value != 0);
  return negative ? "-" + digits : digits;
}

// Length of the valid UTF-8 sequence at `at`, 0 when it is not one.
size_t utf8Length(const std::string& text, size_t at) {
  const auto lead = static_cast<unsigned char>(text[at]);
  size_t length = lead >= 0xf0 && lead <= 0xf4 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc2 && lead < 0xe0 ? 2 : 0;
  if (length == 0 || at + length > text.size()) return 0;
  for (size_t i = 1; i < length; ++i) {
    if ((static_cast<unsigned char>(text[at + i]) & 0xc0) != 0x80) return 0;
  }
  return length;
}

// A Unicode scalar value (Rust char) as UTF-8; empty when it is not one.
std::string utf8(uint32_t code) {
  std::string out;
  if (code < 0x80) {
    out += static_cast<char>(code);
  } else if (code < 0x800) {
    out += static_cast<char>(0xc0 | (code >> 6));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x10000) {
    if (code >= 0xd800 && code < 0xe000) return {};
    out += static_cast<char>(0xe0 | (code >> 12));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  } else if (code < 0x110000) {
    out += static_cast<char>(0xf0 | (code >> 18));
    out += static_cast<char>(0x80 | ((code >> 12) & 0x3f));
    out += static_cast<char>(0x80 | ((code >> 6) & 0x3f));
    out += static_cast<char>(0x80 | (code & 0x3f));
  }
  return out;
}

// What is left of a summary's budget for a nested value (never nothing,
// so that every element shows at least its first few characters).
size_t remaining(size_t limit, size_t used) { return used + 20 > limit ? 20 : limit - used; }

}  // namespace

std::string ValueFormatter::hex(uint64_t value) {
  char buffer[24];
  std::snprintf(buffer, sizeof buffer, "0x%llx", static_cast<unsigned long long>(value));
  return buffer;
}

std::string ValueFormatter::escapeCharacter(unsigned char character, char quote) {
  switch (character) {
    case '\n':
      return "\\n";
    case '\t':
      return "\\t";
    case '\r':
      return "\\r";
    case '\0':
      return "\\0";
    case '\a':
      return "\\a";
    case '\b':
      return "\\b";
    case '\f':
      return "\\f";
    case '\v':
      return "\\v";
    case '\\':
      return "\\\\";
    default:
      break;
  }
  if (character == static_cast<unsigned char>(quote)) return std::string("\\") + quote;
  if (character >= 0x20 && character < 0x7f) return std::string(1, static_cast<char>(character));
  char buffer[8];
  std::snprintf(buffer, sizeof buffer, "\\%03o", character);
  return buffer;
}

std::string ValueFormatter::quoted(const std::string& bytes, bool complete) {
  std::string out = "\"";
  for (size_t i = 0; i < bytes.size();) {
    const auto character = static_cast<unsigned char>(bytes[i]);
    if (character >= 0x80) {
      // Valid UTF-8 passes through; other bytes are escaped (the protocol
      // is JSON, which must stay valid UTF-8).
      size_t length = utf8Length(bytes, i);
      if (length) {
        out.append(bytes, i, length);
        i += length;
        continue;
      }
    }
    // A NUL inside a string is octal, so a digit after it cannot join it.
    out += character == 0 ? "\\000" : escapeCharacter(character, '"');
    ++i;
  }
  out += "\"";
  if (!complete) out += "...";
  return out;
}

std::string ValueFormatter::format(const Value& value) { return text(value, 0, kSummaryLimit); }

std::string ValueFormatter::text(const Value& value, int depth, size_t limit) {
  if (value.kind == Value::Kind::Unavailable) return "<" + value.problem + ">";
  if (value.type.isComputed()) return scalar(value, 0);
  const int tag = DwarfType::tag(value.type);
  switch (tag) {
    case DW_TAG_base_type:
    case DW_TAG_enumeration_type:
      return scalar(value, tag);
    case DW_TAG_pointer_type:
      return pointer(value);
    case DW_TAG_reference_type:
    case DW_TAG_rvalue_reference_type:
      if (navigator_.canDereference(value)) return text(navigator_.dereference(value), depth, limit);
      return pointer(value);
    case DW_TAG_array_type:
      return array(value, depth, limit);
    case DW_TAG_structure_type:
    case DW_TAG_union_type:
    case DW_TAG_class_type:
      if (DwarfType::isDeclaration(value.type)) return "<incomplete type>";
      if (formatters_) {
        if (const TypeFormatter* formatter = formatters_->find(value))
          return formatted(*formatter, value, depth, limit);
      }
      return aggregate(value, depth, limit);
    case DW_TAG_subroutine_type: {
      if (value.kind != Value::Kind::Memory) return "<function>";
      auto function = symbols_.functionAt(value.address);
      return hex(value.address) + (function ? " <" + function->first + ">" : "");
    }
    case 0:
      return "<no type>";
    default: {
      std::string problem;
      auto raw = navigator_.readUnsigned(value, &problem);
      return raw ? hex(*raw) : "<" + problem + ">";
    }
  }
}

std::string ValueFormatter::scalar(const Value& value, int tag) {
  std::string problem;
  const int encoding = DwarfType::encoding(value.type);
  const uint64_t size = navigator_.sizeOf(value).value_or(0);
  if (encoding == DW_ATE_float) {
    auto number = navigator_.readFloat(value, &problem);
    return number ? floatText(*number, size) : "<" + problem + ">";
  }
  if (encoding == DW_ATE_complex_float && (size == 8 || size == 16)) {
    auto bytes = navigator_.read(value, size, &problem);
    if (!bytes) return "<" + problem + ">";
    long double parts[2];
    for (int i = 0; i < 2; ++i) {
      if (size == 8) {
        float half;
        std::memcpy(&half, bytes->data() + 4 * i, 4);
        parts[i] = half;
      } else {
        double half;
        std::memcpy(&half, bytes->data() + 8 * i, 8);
        parts[i] = half;
      }
    }
    return floatText(parts[0], size / 2) + " + " + floatText(parts[1], size / 2) + "i";
  }
  if (size == 16 && !value.bitSize && (encoding == DW_ATE_signed || encoding == DW_ATE_unsigned)) {
    auto bytes = navigator_.read(value, 16, &problem);
    if (!bytes) return "<" + problem + ">";
    unsigned __int128 raw = 0;
    for (int i = 15; i >= 0; --i) raw = (raw << 8) | (*bytes)[i];
    const bool negative = encoding == DW_ATE_signed && (raw >> 127);
    return int128Text(negative ? -raw : raw, negative);
  }
  const bool isSigned = encoding == DW_ATE_signed || encoding == DW_ATE_signed_char;
  int64_t number = 0;
  if (isSigned) {
    auto read = navigator_.readSigned(value, &problem);
    if (!read) return "<" + problem + ">";
    number = *read;
  } else {
    auto read = navigator_.readUnsigned(value, &problem);
    if (!read) return "<" + problem + ">";
    number = static_cast<int64_t>(*read);
  }
  const uint64_t width = value.bitSize ? value.bitSize : 8 * size;  // in bits
  if (tag == DW_TAG_enumeration_type) {
    if (auto name = DwarfType::enumeratorName(value.type, number)) {
      // A C++ scoped enumeration's values carry its name, as in gdb: Color::Red.
      TypeRef enumeration = DwarfType::strip(value.type);
      if (enumeration.valid && dwarf_hasattr(&enumeration.die, DW_AT_enum_class) &&
          !DieTree::isRust(&enumeration.die) && dwarf_diename(&enumeration.die)) {
        return DieTree::qualifiedName(&enumeration.die) + "::" + *name;
      }
      return *name;
    }
    return integer(number, isSigned, width);
  }
  if (encoding == DW_ATE_boolean) {
    if (number == 0) return "false";
    if (number == 1) return "true";
    return integer(number, false, width);
  }
  std::string digits = integer(number, isSigned, width);
  if (!value.type.isComputed() && DwarfType::isCharacter(value.type)) {
    return digits + " '" + escapeCharacter(static_cast<unsigned char>(number), '\'') + "'";
  }
  if (!value.type.isComputed() && encoding == DW_ATE_UTF && size == 4) {
    // A Rust char: its code point and the character.
    const auto code = static_cast<uint32_t>(number);
    std::string character = code < 0x80 ? escapeCharacter(static_cast<unsigned char>(code), '\'') : utf8(code);
    return character.empty() ? digits : digits + " '" + character + "'";
  }
  return digits;
}

std::string ValueFormatter::integer(int64_t number, bool isSigned, uint64_t bits) const {
  if (!options_.hex) return isSigned ? std::to_string(number) : std::to_string(static_cast<uint64_t>(number));
  // Hex shows the bits of the value's own width (-1 in an int is 0xffffffff).
  uint64_t pattern = static_cast<uint64_t>(number);
  if (bits > 0 && bits < 64) pattern &= (1ull << bits) - 1;
  return hex(pattern);
}

std::string ValueFormatter::formatted(const TypeFormatter& formatter, const Value& value, int depth, size_t limit) {
  if (depth >= kMaxDepth + 1) return "{...}";
  FormatterTools tools{navigator_,
                       [this, depth](const Value& nested, size_t budget) { return text(nested, depth + 1, budget); }};
  return formatter.summary(value, tools, limit);
}

std::string ValueFormatter::pointer(const Value& value) {
  std::string problem;
  auto address = navigator_.readUnsigned(value, &problem);
  if (!address) return "<" + problem + ">";
  if (*address == 0) return "0x0";
  std::string out = hex(*address);
  TypeRef target = DwarfType::pointee(value.type);
  if (DwarfType::isPlainChar(target)) {
    bool complete = false;
    auto text = navigator_.readCString(*address, kStringLimit, &complete);
    return out + (text ? " " + quoted(*text, complete) : " <unreadable>");
  }
  if (DwarfType::tag(target) == DW_TAG_subroutine_type || !target.valid) {
    // Function pointers, and untyped addresses that are where a function starts.
    auto function = symbols_.functionAt(*address);
    if (function && function->second == *address) out += " <" + function->first + ">";
  }
  return out;
}

std::string ValueFormatter::array(const Value& value, int depth, size_t limit) {
  auto count = navigator_.arrayCount(value);
  // An array of unknown length (a flexible array member): where it starts.
  if (!count) return value.kind == Value::Kind::Memory ? hex(value.address) : "{...}";
  TypeRef element = DwarfType::elementOf(value.type);
  if (DwarfType::isPlainChar(element)) {
    const size_t length = static_cast<size_t>(std::min<uint64_t>(*count, kStringLimit));
    std::string problem;
    auto bytes = navigator_.read(value, length, &problem);
    if (!bytes) return "<" + problem + ">";
    // Every byte, as gdb shows them ("a\000b\001"), but not the NULs that
    // pad the end of the array.
    std::string text(bytes->begin(), bytes->end());
    const bool complete = *count <= kStringLimit || (!text.empty() && text.back() == '\0');
    const size_t last = text.find_last_not_of('\0');
    text.resize(last == std::string::npos ? 0 : last + 1);
    return quoted(text, complete);
  }
  if (depth >= kMaxDepth) return "{...}";
  std::string out = "{";
  for (uint64_t i = 0; i < *count; ++i) {
    if (out.size() > limit) {
      out += ", ...";
      break;
    }
    if (i) out += ", ";
    out += text(navigator_.element(value, i), depth + 1, remaining(limit, out.size()));
  }
  return out + "}";
}

std::string ValueFormatter::aggregate(const Value& value, int depth, size_t limit) {
  if (depth >= kMaxDepth) return "{...}";
  // Rust tuples, "(i32, f64)" with members __0, __1, read as (1, 2.5).
  TypeRef stripped = DwarfType::strip(value.type);
  const char* typeName = dwarf_diename(&stripped.die);
  const bool tuple = typeName && typeName[0] == '(' && DieTree::isRust(&stripped.die);
  std::string out = tuple ? "(" : "{";
  bool first = true;
  for (Dwarf_Die& member : DwarfType::members(value.type)) {
    // Compiler-made members (C++ vtable pointers) stay out of the summary; they are children.
    if (dwarf_hasattr(&member, DW_AT_artificial)) continue;
    if (out.size() > limit) {
      out += ", ...";
      break;
    }
    if (!first) out += ", ";
    first = false;
    std::string name = ValueNavigator::memberName(&member);
    if (!name.empty() && !tuple) out += name + "=";
    out += text(navigator_.memberValue(value, &member), depth + 1, remaining(limit, out.size()));
  }
  return out + (tuple ? ")" : "}");
}

}  // namespace rwd
