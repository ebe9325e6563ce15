// Demangler: readable names of C++ (Itanium) and Rust (legacy and v0)
// symbols through libiberty's cplus_demangle, as gdb and binutils show them:
// "_ZN2ns6Widget6resizeEi" → "ns::Widget::resize(int)", a v0 Rust symbol →
// "rustmain::main::{closure#0}", a legacy one without its "::h<hash>".
#pragma once

#include <string>

namespace rwd {

class Demangler {
 public:
  // The readable name; any other name (C, or not a valid mangling) as given.
  static std::string demangle(const std::string& symbol);
};

}  // namespace rwd
