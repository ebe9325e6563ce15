// SymbolIndexLocator: function from the ELF symbol table, file and line
// from the line table of the module that holds the address.
#include "branch/SymbolIndexLocator.h"

namespace rwd {

SourcePlace SymbolIndexLocator::locate(uint64_t address) {
  SourcePlace place;
  if (auto function = symbols_.functionAt(address)) {
    place.function = function->first;
    place.functionEntry = function->second;
  }
  if (auto location = symbols_.locationAt(address)) {
    place.file = location->file;
    place.line = location->line;
  }
  return place;
}

}  // namespace rwd
