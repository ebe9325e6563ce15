// XeStateSaveArea: the header the debug SIP kernel keeps in GPU memory
// ("tssarea", versions 1 and 2 of the register header) and what it says:
// the EU topology, where each thread's saved registers are, and how to
// read them (GRF, address, flag, control, state registers...). The pc of
// a thread is cr0.2, an offset from the instruction base address.
#pragma once

#include <cstdint>
#include <vector>

#include "gpu/GpuTypes.h"
#include "gpu/XeEudebugAbi.h"
#include "gpu/XeThreadTopology.h"

namespace rwd {

class XeStateSaveArea {
 public:
  // Throws GpuError when the bytes are not a header this backend reads.
  explicit XeStateSaveArea(const std::vector<uint8_t>& headerBytes);
  static constexpr size_t kHeaderSize = sizeof(xe::StateSaveHeader);
  XeThreadTopology topology() const;
  // From the start of the area: one thread's saved registers.
  uint64_t threadOffset(const XeThreadSlot& slot) const;
  uint32_t threadSize() const { return header_.regs.stateSaveSize; }
  std::vector<GpuRegister> registers(const std::vector<uint8_t>& threadArea) const;
  uint32_t instructionOffset(const std::vector<uint8_t>& threadArea) const;

 private:
  xe::StateSaveHeader header_{};
};

}  // namespace rwd
