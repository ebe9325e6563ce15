// SymbolIndexLocator: a SourceLocator over the helper's SymbolIndex (ELF
// symbols for the function, DWARF line tables for file and line).
#pragma once

#include "branch/SourceLocator.h"
#include "symbols/SymbolIndex.h"

namespace rwd {

class SymbolIndexLocator : public SourceLocator {
 public:
  explicit SymbolIndexLocator(const SymbolIndex& symbols) : symbols_(symbols) {}
  SourcePlace locate(uint64_t address) override;

 private:
  const SymbolIndex& symbols_;
};

}  // namespace rwd
