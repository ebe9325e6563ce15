// OutputDigest: the digest of the bytes a write-like system call (write,
// pwrite64, writev, pwritev, pwritev2, sendto) hands out of the program.
// The recording logs it and replay recomputes it before skipping the call:
// a program that would write something else is a replay that diverged.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>

#include "record/SyscallCall.h"

namespace rwd {

class OutputDigest {
 public:
  // 0 for calls that write nothing out (see SyscallPolicy::writesOut).
  static uint64_t of(pid_t pid, const SyscallCall& call);
  // The same digest for a call `number` that hands out one buffer, from its bytes.
  static uint64_t ofOneBuffer(uint64_t number, const uint8_t* bytes, size_t length);
};

}  // namespace rwd
