// MemoryRange: a span [address, address + length) of the debuggee's memory,
// as the recorder's write sets describe it. `maybePartial` marks ranges from
// masked or fault-suppressing stores (EVEX {k} stores, vmaskmov, compress,
// scatter, maskmovdqu): the instruction may write only some of the bytes, and
// bytes the recorder cannot read (an unmapped page just past a string) were
// certainly not written, so a short pre-image read is not an error there.
#pragma once

#include <cstdint>

namespace rwd {

struct MemoryRange {
  uint64_t address = 0;
  uint64_t length = 0;
  bool maybePartial = false;

  uint64_t end() const { return address + length; }
  bool contains(uint64_t byteAddress) const { return byteAddress - address < length; }
  bool operator==(const MemoryRange& other) const {
    return address == other.address && length == other.length && maybePartial == other.maybePartial;
  }
};

}  // namespace rwd
