// GpuBackend: one GPU vendor's kernel debug interface, seen from the
// debugger. It attaches to the GPU contexts of the debugged process, hands
// the wait loop an fd that becomes readable when the device has news,
// stops and resumes GPU threads, reads their registers and the GPU's
// memory, knows the code objects (ELF + DWARF) loaded on the device and
// places breakpoints in GPU code where the interface allows it.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "gpu/GpuCodeObject.h"
#include "gpu/GpuTypes.h"

namespace rwd {

class GpuBackend {
 public:
  virtual ~GpuBackend() = default;
  // "Intel Xe eudebug", "AMD KFD debugger".
  virtual std::string interfaceName() const = 0;
  // Throws GpuError with a sentence for the user when it cannot.
  virtual void attach(pid_t pid) = 0;
  virtual void detach() = 0;
  // Readable when pollEvents() has something; -1 before attach.
  virtual int eventFd() const = 0;
  virtual std::vector<GpuChange> pollEvents() = 0;
  // Lets go of what the kernel holds until the debugger has taken it in
  // (Xe: acks the binds' user fences, so the client's kernels run only
  // after breakpoints in the new code objects are armed). Call after
  // handling pollEvents()'s changes.
  virtual void releaseHeldEvents() {}
  virtual std::vector<GpuThread> threads() const = 0;
  // Stops every GPU thread of the process (the stop arrives as an event).
  virtual void interruptAll() = 0;
  // Resumes the given stopped threads; none given: every stopped thread.
  virtual void resume(const std::vector<uint64_t>& threadIds) = 0;
  virtual std::vector<GpuRegister> registers(uint64_t threadId) = 0;
  virtual uint64_t programCounter(uint64_t threadId) = 0;
  // Memory as the thread sees it (its VM on Xe, the process on AMD).
  virtual std::vector<uint8_t> readMemory(uint64_t threadId, uint64_t address, size_t size) = 0;
  virtual void writeMemory(uint64_t threadId, uint64_t address, const std::vector<uint8_t>& bytes) = 0;
  virtual std::vector<std::shared_ptr<GpuCodeObject>> codeObjects() const = 0;
  // Arms a breakpoint at a GPU code address; throws GpuError where the
  // interface or the instruction there does not allow it.
  virtual void insertBreakpoint(uint64_t address) = 0;
  virtual void removeBreakpoint(uint64_t address) = 0;
};

}  // namespace rwd
