// ThreadRegisters: every register of one stopped thread that the registers
// view shows — the general registers (through TargetAccess, cached per
// stop), the x87/SSE state (PTRACE_GETFPREGS, FXSAVE layout) and the whole
// XSAVE image (PTRACE_GETREGSET NT_X86_XSTATE: AVX, AVX-512, mask
// registers). Each part is read on its own; a part that cannot be read is
// simply missing.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "symbols/TargetAccess.h"

namespace rwd {

struct ThreadRegisters {
  std::optional<user_regs_struct> general;
  std::optional<user_fpregs_struct> fpu;
  std::vector<uint8_t> xstate;  // standard-format XSAVE image; empty when unavailable

  // Reads the registers of stopped thread `tid`.
  static ThreadRegisters read(TargetAccess& target, pid_t tid);
};

}  // namespace rwd
