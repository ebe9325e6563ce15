// CodeReader: how branch providers read the bytes of code at an address (to
// tell a call from a jump from a fall-through). The live process is one
// (TargetCodeReader); tests read from a buffer they assembled.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rwd {

class CodeReader {
 public:
  virtual ~CodeReader() = default;
  // Copies up to `size` bytes of code at `address` into `out`; returns how
  // many could be read (0 when the address is not mapped).
  virtual size_t readCode(uint64_t address, uint8_t* out, size_t size) = 0;
};

}  // namespace rwd
