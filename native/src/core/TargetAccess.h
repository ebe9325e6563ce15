// TargetAccess: what the symbol side (and the registers view) may ask of the debuggee. The process
// layer implements it (memory with breakpoint bytes hidden, registers of a
// stopped thread), and so does a core dump (CoreTarget); symbols, unwinding
// and value formatting only see this.
#pragma once

#include <libelf.h>
#include <sys/types.h>
#include <sys/user.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace rwd {

class TargetAccess {
 public:
  virtual ~TargetAccess() = default;
  // Reads up to `length` bytes at `address`; returns how many were read
  // (0 when the address is unmapped). Breakpoint bytes are shown as the
  // original code.
  virtual size_t readMemory(uint64_t address, void* out, size_t length) = 0;
  // Writes `length` bytes; false when the memory cannot be written.
  virtual bool writeMemory(uint64_t address, const void* in, size_t length) = 0;
  // General registers of a stopped thread; false when `tid` is unknown.
  virtual bool readRegisters(pid_t tid, user_regs_struct& regs) = 0;
  // The x87/SSE state (FXSAVE layout) of a stopped thread; false when it
  // cannot be read. The default asks a thread this process traces.
  virtual bool readFpuRegisters(pid_t tid, user_fpregs_struct& fpu);
  // The whole XSAVE image (NT_X86_XSTATE) of a stopped thread; empty when
  // it cannot be read. The default asks a thread this process traces.
  virtual std::vector<uint8_t> readXstate(pid_t tid);
  virtual pid_t processId() const = 0;
  virtual std::vector<pid_t> threadIds() const = 0;
  // A core dump instead of a live process: the core's ELF (modules come
  // from it, not from /proc) and the executable that dumped it. nullptr and
  // empty for a process.
  virtual Elf* coreElf() { return nullptr; }
  virtual std::string coreExecutable() const { return {}; }
};

}  // namespace rwd
