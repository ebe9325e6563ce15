// Arm64DebugRegisterEncoding: mirror slot → arm64 address and control word.
#include "hwbreak/Arm64DebugRegisterEncoding.h"

#include <cassert>
#include <cstdio>
#include <stdexcept>

namespace rwd {

Arm64DebugRegisterValue Arm64DebugRegisterEncoding::encode(const DebugRegisterSlot& slot) {
  assert(slot.inUse());
  uint32_t type = 0;
  uint64_t address = 0;
  uint32_t byteSelect = 0;
  switch (slot.kind) {
    case WatchKind::execute:
      if (slot.address % 4 != 0) {
        char text[128];
        std::snprintf(text, sizeof text,
                      "cannot set a hardware breakpoint at 0x%llx: arm64 "
                      "instructions start at 4-byte aligned addresses",
                      static_cast<unsigned long long>(slot.address));
        throw std::invalid_argument(text);
      }
      type = kTypeExecute;
      address = slot.address;
      byteSelect = 0xf;
      break;
    case WatchKind::write:
    case WatchKind::readWrite: {
      type = slot.kind == WatchKind::write ? kTypeStore : (kTypeLoad | kTypeStore);
      address = slot.address & ~uint64_t{7};
      const unsigned offset = static_cast<unsigned>(slot.address & 7);
      // The allocator's pieces are naturally aligned, so a piece never
      // crosses its 8-byte block.
      assert(offset + slot.length <= 8);
      byteSelect = ((1u << slot.length) - 1) << offset;
      break;
    }
  }
  const uint32_t control = (byteSelect << kByteSelectShift) | (type << kTypeShift) | kPrivilegeEl0 | kEnable;
  return Arm64DebugRegisterValue{address, control};
}

}  // namespace rwd
