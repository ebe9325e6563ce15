// VectorRegisterReader: read access to the debuggee's xmm/ymm/zmm registers,
// which scatters use as address indices. The recorder supplies one only when
// DigestedInstruction::needsVectorRegisters() says the step needs it.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rwd {

class VectorRegisterReader {
 public:
  virtual ~VectorRegisterReader() = default;
  // Copies the low `bytes` bytes (16, 32 or 64) of vector register `number`
  // (0-31) into `out`; false when that part of the register is unavailable.
  virtual bool read(unsigned number, size_t bytes, uint8_t* out) const = 0;
};

}  // namespace rwd
