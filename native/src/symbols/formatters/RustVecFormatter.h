// RustVecFormatter: Rust Vec<T> (a buffer pointer, found inside RawVec,
// and `len`; T from the template parameter) and slices &[T] / &mut [T]
// (`data_ptr` and `length`): "size=3 {10, 20, 30}", paged by index.
#pragma once

#include "symbols/formatters/SequenceFormatter.h"

namespace rwd {

class RustVecFormatter : public SequenceFormatter {
 public:
  bool matches(const std::string& name, const TypeRef& type) const override;

 protected:
  std::optional<Layout> layout(const Value& value, FormatterTools& tools) const override;
};

}  // namespace rwd
