// FunctionLookup: finds functions by the name a user types for a function
// breakpoint — a C name, a C++ qualified name (every overload matches),
// an unqualified C++ name (every class's or namespace's function matches,
// as in gdb), or a C name that an asm label gave another symbol (found by
// its DWARF name) — across every module libdwfl knows.
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rwd {

struct FunctionMatch {
  std::string name;  // demangled, with parameters for C++
  uint64_t address = 0;  // entry
};

std::vector<FunctionMatch> findFunctions(Dwfl* dwfl, const std::string& query);

}  // namespace rwd
