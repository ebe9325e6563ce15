// ElfFileCheck: reads a program's ELF headers with libelf before it is
// launched and says in a sentence what is wrong with a file the kernel could
// not load properly: headers libelf cannot read, or a file cut short (a
// segment or header table that reaches past its end).
#pragma once

#include <optional>
#include <string>

namespace rwd {

class ElfFileCheck {
 public:
  // What is wrong with the ELF file at `path` (a phrase that follows its
  // name), or nothing when its headers and segments are whole.
  static std::optional<std::string> problem(const std::string& path);
};

}  // namespace rwd
