// MemoryDigest: one digest of all writable memory of a stopped process
// (every writable mapping's address, size and bytes, from /proc/PID/maps and
// /proc/PID/mem). Registers alone do not identify a state (a loop whose
// counter lives in memory repeats its registers), so replay identity and
// positions are confirmed with this. The control page of the in-process
// system-call buffer is left out: its mode word is on while recording and
// off in replay (SyscallBufferLayout.h), and its fill position is also in
// the log; everything else there (the records) replays to the same bytes.
#pragma once

#include <sys/types.h>

#include <cstdint>

namespace rwd {

class MemoryDigest {
 public:
  // Throws when the process's maps cannot be read.
  static uint64_t ofWritableMemory(pid_t pid);
};

}  // namespace rwd
