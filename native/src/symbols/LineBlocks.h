// LineBlocks: which block of code an address of a source line belongs to,
// as gdb counts blocks — the innermost function, inlined call or lexical
// block that declares something, from the DWARF scopes around the address
// (libdw's dwarf_getscopes). A compiler often splits one line into several
// runs of code inside one block — a `for` header into its initialisation
// and its increment-and-test — and a breakpoint on the line belongs where
// the line is first reached: one location per block, at its lowest
// address, as gdb and lldb set it. Copies of a line in different blocks
// (inlined calls, template instances, -O2 duplicates in another scope)
// keep a location each.
#pragma once

#include <elfutils/libdwfl.h>

#include <cstdint>
#include <vector>

namespace rwd {

class LineBlocks {
 public:
  // The lowest of `addresses` in each block, sorted; addresses that no
  // known block holds are all kept.
  static std::vector<uint64_t> lowestPerBlock(Dwfl* dwfl, std::vector<uint64_t> addresses);
};

}  // namespace rwd
