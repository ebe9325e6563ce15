// DebugRegisterWriter: the interface that puts a DebugRegisterMirror into
// one stopped thread and reads back which slot fired. One implementation
// per architecture (X86DebugRegisterWriter with PTRACE_POKEUSER,
// Arm64DebugRegisterWriter with the NT_ARM_HW_BREAK/WATCH regsets); the
// pure parts (allocator, DebugRegisterSync) only see this interface.
//
// Every method needs the thread to be in a ptrace stop. Failures throw
// std::system_error whose what() names the thread and the register.
#pragma once

#include "hwbreak/DebugRegisterMirror.h"

#include <sys/types.h>

#include <cstdint>

namespace rwd {

class DebugRegisterWriter {
 public:
  virtual ~DebugRegisterWriter() = default;

  // Makes the thread's debug registers say what `mirror` says.
  virtual void apply(pid_t tid, const DebugRegisterMirror& mirror) = 0;
  // The thread's status in DR6 form: bit i set when slot i fired since the
  // status was last cleared (B0–B3), bit 14 (BS) after a single step.
  virtual uint64_t readStatus(pid_t tid) = 0;
  // Clears the slot bits so the next stop reports only its own hits.
  virtual void clearStatus(pid_t tid) = 0;
  // The thread has gone; drop anything remembered about it (its id may be
  // reused by a new thread).
  virtual void forgetThread(pid_t tid) = 0;
  // The thread was just created (a clone event): it holds no debug
  // registers, so nothing needs reading or disabling before the first
  // apply. (On x86 Linux a new thread's DR7 still reads back as its
  // creator's, although nothing is armed in it.)
  virtual void noteNewThread(pid_t tid) = 0;
};

}  // namespace rwd
