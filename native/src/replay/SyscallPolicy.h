// SyscallPolicy: how the native engine treats each x86-64 system call.
//  - Untraced: the seccomp filter lets it run with no stop. Only calls whose
//    result and effects follow from the process's own state, so that a
//    replay that runs them gets the same answer (brk, anonymous mmap,
//    munmap, mprotect, sigaction...).
//  - Executed: stopped at and logged, and run again in replay, because it
//    changes kernel state the replay depends on (the signal mask,
//    sigreturn) or may deliver a pending signal at its exit.
//  - Skipped: stopped at, its result and the bytes it wrote logged; replay
//    does not run it and writes those back (read, openat, clock_gettime...).
//  - FileMap: mmap of a file: logged with the file's identity; replay maps
//    the same bytes (after checking the file did not change).
//  - Vetoed: made to fail in the recording and the replay alike (rseq:
//    the kernel would write the CPU number into the program's memory).
//  - Buffered: made by the preload library at its allowed instruction
//    (SyscallBufferLayout.h), the filter lets it run with no stop, and the
//    library logs it itself: only calls that cannot block (reads and
//    writes with RWF_NOWAIT), that change no mapping and no signal state,
//    and whose effects the library can copy (preadv2, pwritev2, lseek,
//    clock_gettime). The same call from anywhere else still stops.
//  - Thread: clone of a thread: run in the recording and the replay alike
//    (ThreadScheduler); the replay's thread gets the recorded id. clone3 is
//    refused with ENOSYS, so the C library falls back to clone, whose flags
//    are in a register.
//  - Refused: the engine cannot record past it (a new process,
//    a second exec, shared memory): recording stops with a message.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "record/SyscallCall.h"

namespace rwd {

class SyscallPolicy {
 public:
  enum class Treatment { Untraced, Executed, Skipped, FileMap, Vetoed, Refused, Exit, Thread };

  struct Decision {
    Treatment treatment = Treatment::Skipped;
    int64_t vetoResult = 0;  // Vetoed: the result (a -errno)
    std::string refusal;     // Refused: why, for the user
  };

  static Decision decide(const SyscallCall& call);
  // Whether the seccomp filter lets `number` through without a stop
  // (mmap is decided by its flags inside the filter).
  static bool untraced(uint64_t number);
  // Whether the call hands bytes out of the program (write, sendto...):
  // its input digest is logged and checked in replay.
  static bool writesOut(uint64_t number);
  // The calls the seccomp filter lets through from the buffer's allowed instruction.
  static const std::vector<uint64_t>& bufferedCalls();
};

}  // namespace rwd
