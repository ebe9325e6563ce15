// RegisterRelativeLocation: where a variable lives at one pc, in terms a
// probe program can follow without a stopped thread — in a register, in
// memory at a register plus an offset (frame base and CFA rules resolved
// through the call frame information), or at a fixed address — from the
// variable's DW_AT_location (location lists chosen by the pc). Anything
// else (pieces, computed values, entry values) is refused with a reason.
#pragma once

#include <elfutils/libdw.h>

#include <cstdint>
#include <memory>
#include <string>

#include "symbols/Value.h"

namespace rwd {

struct RegisterRelativeLocation {
  enum class Kind { InRegister, AtRegisterOffset, AtAddress, Unavailable };
  Kind kind = Kind::Unavailable;
  int dwarfRegister = -1;  // InRegister, AtRegisterOffset
  int64_t offset = 0;      // AtRegisterOffset
  uint64_t address = 0;    // AtAddress (load bias applied)
  std::string problem;     // Unavailable: why

  // `variable` as seen at the pc of `context` (a context made for the pc,
  // with no registers needed).
  static RegisterRelativeLocation of(const FrameContext& context, Dwarf_Die* variable);
  // The byte offset of DWARF register `number` (x86-64: 0–16) in the
  // probe context (struct pt_regs); -1 when it is not there.
  static int contextOffset(int number);
};

}  // namespace rwd
