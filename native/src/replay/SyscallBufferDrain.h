// SyscallBufferDrain: the recorder's half of the in-process system-call
// buffer (SyscallBufferLayout.h). The library's buffered calls run without
// a stop; at every stop the recorder sees, before it logs anything else,
// drain() turns the records added since into ordinary system-call events —
// as if each call had stopped at the stub's traced instruction and been
// logged there (result, the bytes written into the program, the digest of
// what a write handed out), which is exactly how replay, with the buffer's
// mode word off, meets them — so the log stays one stream in program order.
// The library's own two calls (register, flush) are handled by ownCall():
// logged like a skipped call whose result is 0 and, for a flush, whose
// memory effect empties the buffer, so a replay fills and empties it at the
// same points. The mode word is turned on in the recorded program only,
// never through the log.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <string>

#include "replay/NativeRecording.h"

namespace rwd {

class SyscallBufferDrain {
 public:
  explicit SyscallBufferDrain(NativeRecording& recording) : recording_(recording) {}

  // Logs the calls buffered since the last drain. Returns "" or, when the
  // buffer's records do not hold together (the program wrote over them),
  // why the recording cannot go on.
  std::string drain(pid_t pid);
  // At a seccomp entry stop, after drain(): whether the call is the
  // library's own; it is then logged and skipped (the program may resume).
  // Throws when the buffer's control page cannot be written.
  bool ownCall(pid_t pid, const user_regs_struct& regs);
  // Turns the buffer off in `pid` (each buffered call then stops like any
  // other): in a replay, and in a recording once it has a second thread.
  // False when the control page cannot be written.
  static bool switchOff(pid_t pid);
  // The recorder's way: switchOff, and the records the library still
  // writes are no longer drained (those calls stopped and were logged).
  bool switchOffForGood(pid_t pid);
  // Whether `number` is one of the library's own calls.
  static bool isOwnCall(uint64_t number);

 private:
  void logBufferedCalls(pid_t pid);
  void logOwnCall(pid_t pid, const user_regs_struct& regs, int64_t result, std::vector<MemoryPatch> memory);

  NativeRecording& recording_;
  uint64_t drained_ = 0;  // bytes of the data area already logged
  bool off_ = false;      // switched off by switchOffForGood
};

}  // namespace rwd
