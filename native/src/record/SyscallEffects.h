// SyscallEffects: what an x86-64 Linux system call writes into the caller's
// memory, as a function of its arguments (and, afterwards, its result).
// Before the call: every range the kernel may write, so the recorder saves
// the pre-images while they still exist. After it: the ranges actually
// written (always inside the "before" ones), to trim what was saved.
// A call not in the table, or a variant of one the table does not know
// (an unknown ioctl request, MADV_FREE...), is unknown: the recorder stops
// and shows SyscallEffect::message().
#pragma once

#include <cstdint>

#include "record/SyscallCall.h"
#include "record/SyscallEffect.h"
#include "record/SyscallEffectBuilder.h"

namespace rwd {

class SyscallEffects {
 public:
  static SyscallEffect beforeCall(const SyscallCall& call, const MemoryReader& read);
  // `result` is rax after the call (-4095..-1 is an errno).
  static SyscallEffect afterCall(const SyscallCall& call, const SyscallEffect& before, int64_t result,
                                 const MemoryReader& read);
  // Whether the table has an entry for the number (variants may still be unknown).
  static bool hasEntry(uint64_t number);
};

}  // namespace rwd
