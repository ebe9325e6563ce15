// SyscallRestart: the kernel's ERESTART* results. A tracer sees one when a
// stop interrupted a system call that the kernel then makes again: the same
// call, or restart_syscall after ERESTART_RESTARTBLOCK (a sleep).
#pragma once

#include <cstdint>

namespace rwd::syscallRestart {

constexpr int64_t kRestartSys = 512;
constexpr int64_t kRestartNoIntr = 513;
constexpr int64_t kRestartNoHand = 514;
constexpr int64_t kRestartBlock = 516;

// Whether a system call's result (rax at its exit) says it will be made again.
inline bool willRestart(int64_t result) {
  return result == -kRestartSys || result == -kRestartNoIntr || result == -kRestartNoHand || result == -kRestartBlock;
}

}  // namespace rwd::syscallRestart
