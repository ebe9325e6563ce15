// X86DebugRegisterWriter: puts a DebugRegisterMirror into an x86-64 thread
// with PTRACE_POKEUSER on the debug-register words of `struct user`, and
// reads DR6 with PTRACE_PEEKUSER. It remembers what it last wrote to each
// thread and writes only registers that change, because every ptrace round
// trip costs a system call (and in a VM, more).
//
// Order of writes: the kernel validates each write against what is already
// there (an enabled 8-byte slot refuses an address that is not 8-aligned,
// and enabling a slot whose address was never written arms it at 0), so
// slots whose address changes are first disabled in DR7, then the
// addresses are written, then the final DR7.
#pragma once

#if defined(__x86_64__)

#include "hwbreak/DebugRegisterWriter.h"

#include <array>
#include <optional>
#include <unordered_map>

namespace rwd {

class X86DebugRegisterWriter final : public DebugRegisterWriter {
 public:
  void apply(pid_t tid, const DebugRegisterMirror& mirror) override;
  uint64_t readStatus(pid_t tid) override;
  void clearStatus(pid_t tid) override;
  void forgetThread(pid_t tid) override;
  void noteNewThread(pid_t tid) override;

  // DR0–DR3, DR6 or DR7 as the kernel reports it for the thread.
  uint64_t readRegister(pid_t tid, int index);
  // How many PTRACE_POKEUSER / PTRACE_PEEKUSER calls were made so far.
  uint64_t registerWrites() const { return registerWrites_; }
  uint64_t registerReads() const { return registerReads_; }

 private:
  // What this writer knows a thread's registers hold. An address is
  // unknown until written, unless the thread is new (all zero).
  struct KnownRegisters {
    std::array<std::optional<uint64_t>, DebugRegisterMirror::kSlotCount> address{};
    uint64_t dr7 = 0;
  };

  void writeRegister(pid_t tid, int index, uint64_t value, KnownRegisters& known);

  std::unordered_map<pid_t, KnownRegisters> known_;
  uint64_t registerWrites_ = 0;
  uint64_t registerReads_ = 0;
};

}  // namespace rwd

#endif  // __x86_64__
