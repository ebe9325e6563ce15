// Demangler: libiberty's demangler in its automatic style (Rust first, then
// C++), with function parameters and qualifiers.
#include "symbols/Demangler.h"

#include <libiberty/demangle.h>

#include <cstdlib>

namespace rwd {

std::string Demangler::demangle(const std::string& symbol) {
  if (symbol.compare(0, 2, "_Z") != 0 && symbol.compare(0, 2, "_R") != 0) return symbol;
  char* readable = cplus_demangle(symbol.c_str(), DMGL_PARAMS | DMGL_ANSI);
  if (!readable) return symbol;
  std::string out = readable;
  std::free(readable);
  return out;
}

}  // namespace rwd
