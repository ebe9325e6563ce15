// ThreadRegisters: every register of one stopped thread that the registers
// view shows — the general registers, the x87/SSE state (FXSAVE layout)
// and the whole XSAVE image (NT_X86_XSTATE: AVX, AVX-512, mask registers),
// all through TargetAccess (ptrace for a process, notes for a core dump).
// Each part is read on its own; a part that cannot be read is simply
// missing.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <optional>
#include <vector>

#include "core/TargetAccess.h"

namespace rwd {

struct ThreadRegisters {
  std::optional<user_regs_struct> general;
  std::optional<user_fpregs_struct> fpu;
  std::vector<uint8_t> xstate;  // standard-format XSAVE image; empty when unavailable

  // Reads the registers of stopped thread `tid`.
  static ThreadRegisters read(TargetAccess& target, pid_t tid);
};

}  // namespace rwd
