// Arm64DebugRegisterEncoding: turns one mirror slot into the (address,
// control word) pair that the arm64 kernel's NT_ARM_HW_BREAK and
// NT_ARM_HW_WATCH regsets take. Pure arithmetic, compiled and unit-tested
// on every architecture so the logic is checked on x86-64 too; the writer
// that uses it (Arm64DebugRegisterWriter) only builds on arm64.
//
// Control word (arch/arm64/include/asm/hw_breakpoint.h, encode_ctrl_reg):
//   bit 0      enable
//   bits 1–2   privilege: 0b10 = EL0 (user space)
//   bits 3–4   type: 00 execute, 01 load, 10 store, 11 load or store
//   bits 5–12  byte address select (BAS): which of the 8 bytes at the
//              8-aligned address are watched (for execute: 0xf, the
//              4-byte instruction at a 4-aligned address)
// The kernel derives the watched address as address + lowest set BAS bit
// and the length from the run of set bits, so a 2-byte piece at 0x1002 is
// written as address 0x1000 with BAS 0b1100.
//
// Not verified on arm64 hardware: this machine is x86-64 only.
#pragma once

#include "hwbreak/DebugRegisterMirror.h"

#include <cstdint>

namespace rwd {

struct Arm64DebugRegisterValue {
  uint64_t address = 0;
  uint32_t control = 0;  // 0: slot disabled
  bool operator==(const Arm64DebugRegisterValue&) const = default;
};

class Arm64DebugRegisterEncoding {
 public:
  static constexpr uint32_t kEnable = 1u;
  static constexpr uint32_t kPrivilegeEl0 = 0b10u << 1;
  static constexpr int kTypeShift = 3;
  static constexpr uint32_t kTypeExecute = 0b00;
  static constexpr uint32_t kTypeLoad = 0b01;
  static constexpr uint32_t kTypeStore = 0b10;
  static constexpr int kByteSelectShift = 5;

  // Execution slots go to the breakpoint registers (NT_ARM_HW_BREAK), data
  // slots to the watchpoint registers (NT_ARM_HW_WATCH).
  static bool usesBreakpointRegister(WatchKind kind) { return kind == WatchKind::execute; }

  // The register pair for an in-use slot. Throws std::invalid_argument for
  // what arm64 cannot express: an execution breakpoint at an address that
  // is not 4-aligned (no AArch64 instruction starts there).
  static Arm64DebugRegisterValue encode(const DebugRegisterSlot& slot);
};

}  // namespace rwd
