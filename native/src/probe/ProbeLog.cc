// ProbeLog: a logpoint's values into ring buffer records and back.
#include "probe/ProbeLog.h"

#include <dwarf.h>

#include <algorithm>
#include <cstring>

#include "symbols/DwarfType.h"

namespace rwd {

namespace {

uint32_t roundUp(uint64_t bytes) { return static_cast<uint32_t>((bytes + 7) & ~uint64_t{7}); }

// The bytes a number, enum, bool, char or pointer takes (0: not one the record carries).
uint64_t scalarSize(const TypeRef& type) {
  if (type.isComputed()) return static_cast<uint64_t>(type.scalarSize);
  if (type.pointerLevel > 0 || DwarfType::tag(type) == DW_TAG_pointer_type) return 8;
  return DwarfType::size(type).value_or(0);
}

}  // namespace

ProbeLog ProbeLog::compile(const std::string& message, const ConditionScope& scope) {
  ProbeLog log;
  log.parts_ = LogMessage::parse(message);
  log.frame_ = scope.context;
  for (const auto& part : log.parts_) {
    if (!part.isExpression) continue;
    Field field;
    field.expression = part.text;
    field.emit = ConditionCompiler::compileValue(part.text, scope, field.shape);
    field.offset = log.size_;
    const TypeRef& type = field.shape.type;
    uint64_t bytes = 8;
    if (field.shape.isAddress) {
      const auto size = DwarfType::size(type);
      if (!size || *size == 0) throw ConditionNotCompiled("'" + part.text + "' is a char array of unknown length");
      field.kind = Field::Kind::CharArray;
      field.length = static_cast<uint32_t>(std::min<uint64_t>(*size, kArrayBytes));
      bytes = field.length;
    } else if (type.pointerLevel == 0 && !type.isComputed() && DwarfType::tag(type) == DW_TAG_pointer_type &&
               DwarfType::isPlainChar(DwarfType::pointee(type))) {
      field.kind = Field::Kind::CharPointer;
      bytes = 16 + kStringBytes;  // the pointer, what reading its text returned, the text
    } else {
      const uint64_t size = scalarSize(type);
      if (size != 1 && size != 2 && size != 4 && size != 8)
        throw ConditionNotCompiled("'" + part.text + "' is not a number, a pointer or a char string");
    }
    log.size_ += roundUp(bytes);
    log.fields_.push_back(std::move(field));
  }
  if (log.size_ > kMaxRecordBytes) throw ConditionNotCompiled("the message's values take more than 4096 bytes");
  return log;
}

LogEmitter ProbeLog::emitter() const {
  const auto fields = fields_;
  return [fields](BpfAssembler& code, int record, BpfAssembler::Label fault) {
    for (const Field& field : fields) {
      const CompiledValue value = field.emit(code, fault);
      const auto at = static_cast<int16_t>(ProbeEngine::kLogHeader + static_cast<int>(field.offset));
      code.load(8, 3, 10, value.slot);
      code.moveRegister(1, record);
      if (field.kind == Field::Kind::CharArray) {
        code.alu(BPF_ADD, 1, at);
        code.moveImmediate(2, static_cast<int32_t>(field.length));
        code.call(BPF_FUNC_probe_read_user);
        code.jumpIf(BPF_JNE, 0, 0, fault);
        continue;
      }
      code.store(8, record, at, 3);
      if (field.kind == Field::Kind::CharPointer) {
        // A text it cannot read shows as <unreadable>, as at a stop: no fault.
        code.alu(BPF_ADD, 1, at + 16);
        code.moveImmediate(2, static_cast<int32_t>(kStringBytes));
        code.call(BPF_FUNC_probe_read_user_str);
        code.store(8, record, static_cast<int16_t>(at + 8), 0);
      }
    }
  };
}

CapturedValue ProbeLog::captured(const Field& field, const uint8_t* values) const {
  const uint8_t* at = values + field.offset;
  CapturedValue out;
  out.expression = field.expression;
  const TypeRef& type = field.shape.type;
  if (field.kind == Field::Kind::CharArray) {
    out.value = Value::ofBytes(type, std::vector<uint8_t>(at, at + field.length), frame_);
    return out;
  }
  const size_t size = field.kind == Field::Kind::CharPointer ? 8 : static_cast<size_t>(scalarSize(type));
  out.value = Value::ofBytes(type, std::vector<uint8_t>(at, at + size), frame_);
  if (field.kind == Field::Kind::CharPointer) {
    uint64_t pointer = 0;
    int64_t read = 0;
    std::memcpy(&pointer, at, 8);
    std::memcpy(&read, at + 8, 8);
    // What bpf_probe_read_user_str returned: the text's length with its
    // NUL, or the whole buffer for a longer text (< 0: unreadable).
    if (read > 0) out.memory.emplace_back(pointer, std::vector<uint8_t>(at + 16, at + 16 + read));
  }
  return out;
}

std::string ProbeLog::text(const uint8_t* values, size_t size, const CapturedFormatter& format) const {
  if (size < size_) return "<a logpoint record too short to read>";
  std::string out;
  size_t next = 0;
  for (const auto& part : parts_) {
    if (!part.isExpression) {
      out += part.text;
      continue;
    }
    out += format(captured(fields_[next++], values));
  }
  return out;
}

}  // namespace rwd
