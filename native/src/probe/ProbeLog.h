// ProbeLog: a logpoint's message as a probe writes it — each `{expression}`
// compiled (ConditionCompiler::compileValue) into code that copies its raw
// value into a ring buffer record: a number or pointer as 8 bytes, a char
// pointer also with up to 202 bytes of its text, a char array with its
// first 200 bytes (what ValueFormatter shows of either). The helper turns
// a record back into each value's Value and the memory its text needs,
// and formats them with the debugger's own formatter (CapturedFormatter),
// so the line reads as the debugger's would at a stop.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "control/LogMessage.h"
#include "probe/ConditionCompiler.h"
#include "probe/ProbeEngine.h"

namespace rwd {

// A value out of a record: the expression, its Value (bytes, never
// memory) and the memory its text reads (a char pointer's string), which
// is all the formatter may read.
struct CapturedValue {
  std::string expression;
  Value value;
  std::vector<std::pair<uint64_t, std::vector<uint8_t>>> memory;
};
using CapturedFormatter = std::function<std::string(const CapturedValue&)>;

class ProbeLog {
 public:
  // The bytes of a char pointer's text a record holds: one more than
  // ValueFormatter reads (200), so that a longer text shows as cut.
  static constexpr uint32_t kStringBytes = 202;
  static constexpr uint32_t kArrayBytes = 200;
  static constexpr uint32_t kMaxRecordBytes = 4096;

  // Throws ConditionNotCompiled (or the parser's error) naming the
  // expression the kernel cannot read.
  static ProbeLog compile(const std::string& message, const ConditionScope& scope);

  LogEmitter emitter() const;
  uint32_t recordSize() const { return size_; }
  // The message of one record (`values`: what follows the header).
  std::string text(const uint8_t* values, size_t size, const CapturedFormatter& format) const;

 private:
  struct Field {
    enum class Kind { Number, CharPointer, CharArray };
    Kind kind = Kind::Number;
    std::string expression;
    CompiledValue shape;
    ValueEmitter emit;
    uint32_t offset = 0;  // in the values, after the record's header
    uint32_t length = 0;  // a char array's bytes
  };
  CapturedValue captured(const Field& field, const uint8_t* values) const;

  std::vector<LogMessagePart> parts_;
  std::vector<Field> fields_;  // one per expression part, in order
  std::shared_ptr<const FrameContext> frame_;
  uint32_t size_ = 0;
};

}  // namespace rwd
