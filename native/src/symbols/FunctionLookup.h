// FunctionLookup: finds functions by the name a user types for a function
// breakpoint — a C name, a C++ qualified name (every overload matches),
// an unqualified C++ name (every class's or namespace's function matches,
// as in gdb), a Rust path ("inventory::value_of"), or the C name of a
// function an asm label renamed (by its DWARF name) — across every module
// libdwfl knows, with every copy of the function inlined into others.
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rwd {

struct FunctionMatch {
  std::string name;  // demangled, with parameters for C++
  uint64_t address = 0;  // entry; for an inlined copy, where the copy starts
  bool inlined = false;  // a copy inlined into another function (no prologue to skip)
};

std::vector<FunctionMatch> findFunctions(Dwfl* dwfl, const std::string& query);

}  // namespace rwd
