// ContainerMethods: the methods users type on library containers, strings,
// smart pointers and Rust options — size(), len(), length(), empty(),
// is_empty(), front(), back(), at(i), get(), is_some(), is_none(),
// unwrap() — answered from what the value's formatter knows of its data,
// so they work in the recorded past and in core files, where no call of
// the program's own code can run.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "symbols/Value.h"
#include "symbols/formatters/TypeFormatter.h"

namespace rwd {

class ContainerMethods {
 public:
  // The result of `object.method(argument)`; nullopt when this is not one
  // of the methods for the value's family (`problem` empty) or it fails
  // (`problem` says why: an index out of range, unwrap of None).
  static std::optional<Value> call(const Value& object, const std::string& method, std::optional<int64_t> argument,
                                   const TypeFormatter& formatter, FormatterTools& tools, std::string* problem);
  // The methods, for a message: "size(), len(), …".
  static std::string names();
};

}  // namespace rwd
