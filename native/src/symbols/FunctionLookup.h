// FunctionLookup: how the name a user types for a function breakpoint — a C
// name, a C++ qualified name (every overload matches), an unqualified C++
// name (every class's or namespace's function matches, as in gdb), a Rust
// path ("inventory::value_of"), or the C name of a function an asm label
// renamed (by its DWARF name) — matches the name of a function, and the
// base name both are filed under in FunctionIndex.
#pragma once

#include <cstdint>
#include <string>

namespace rwd {

struct FunctionMatch {
  std::string name;      // demangled, with parameters for C++
  uint64_t address = 0;  // entry; for an inlined copy, where the copy starts
  bool inlined = false;  // a copy inlined into another function (no prologue to skip)
  bool ifunc = false;    // an IFUNC symbol: `address` is its resolver, not the function
};

// "ns::Widget::resize(int) const" → "resize"; "value_of<i32>" → "value_of".
// A function that matches a query has the query's base name.
std::string functionBaseName(const std::string& name);

// Whether the function named `candidate` (demangled, qualified) is one the
// user means by `query`.
bool functionNameMatches(const std::string& candidate, const std::string& query);

}  // namespace rwd
