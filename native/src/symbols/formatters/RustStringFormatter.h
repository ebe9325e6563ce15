// RustStringFormatter: Rust String (a Vec<u8> inside) and &str / &mut str
// (`data_ptr`, `length`) shown as their UTF-8 text, "rewind".
#pragma once

#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class RustStringFormatter : public TypeFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;
  std::string summary(const Value& value, FormatterTools& tools, size_t limit) const override;
  std::optional<Value> element(const Value& value, int64_t index, FormatterTools& tools) const override;
  std::optional<int64_t> length(const Value& value, FormatterTools& tools) const override;

 private:
  // Address and length of the bytes.
  static std::optional<std::pair<uint64_t, uint64_t>> bytes(const Value& value, FormatterTools& tools);
};

}  // namespace rwd
