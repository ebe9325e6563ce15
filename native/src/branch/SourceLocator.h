// SourceLocator: where an address is in the program's sources — function
// (name and entry), file and line. SymbolIndexLocator answers from the
// helper's symbols; tests answer from tables.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace rwd {

struct SourcePlace {
  std::string function;        // demangled; empty when no symbol covers the address
  uint64_t functionEntry = 0;  // 0 when unknown
  std::string file;            // empty without line information
  int line = 0;
};

class SourceLocator {
 public:
  virtual ~SourceLocator() = default;
  virtual SourcePlace locate(uint64_t address) = 0;
};

}  // namespace rwd
