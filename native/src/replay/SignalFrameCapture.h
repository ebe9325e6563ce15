// SignalFrameCapture: the bytes of a signal handler's frame. The kernel's
// frame holds an xsave image whose written parts depend on which register
// components the processor happens to track as in use — a hidden state
// that differs between a recording and its replay — so the frame is not a
// pure function of the program's state. Delivering the signal with a single
// step stops the program at the handler's first instruction with the frame
// in place: the recorder logs the frame's bytes there, and replay delivers
// the same way and writes them back, so memory stays identical.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <optional>
#include <vector>

#include "replay/NativeEvent.h"

namespace rwd {

class SignalFrameCapture {
 public:
  // Whether the program has a handler for `signal` (SigCgt in /proc/PID/status).
  static bool caught(pid_t pid, int signal);
  // Delivers `signal` (the tracee is at its signal-delivery stop with
  // registers `before`) and returns the handler frame's bytes; the tracee
  // is left stopped at the handler's first instruction. Nullopt when the
  // tracee did not stop there (it ended: the caller sees why next).
  static std::optional<std::vector<MemoryPatch>> deliver(pid_t pid, int signal, const user_regs_struct& before);
};

}  // namespace rwd
