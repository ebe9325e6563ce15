// SignalStackTracker: follows the system calls that decide where the kernel
// puts the next signal frame and how large it is — rt_sigaction (which
// handlers run on the alternate stack, SA_ONSTACK), sigaltstack (that stack)
// and arch_prctl(ARCH_REQ_XCOMP_PERM) (dynamic xstate such as AMX tile data
// then appears in frames) — so SignalFrameEffects can be asked for the right
// range when a signal is delivered during recording. Arguments are read
// before the call (act and oldact may be the same buffer) and applied only
// if the call succeeds. State from before recording started is unknown; the
// recorder seeds it with setAltStack/setHandlerOnAltStack if it reads it.
#pragma once

#include <cstdint>
#include <optional>

#include "record/MemoryRange.h"
#include "record/SignalFrameEffects.h"
#include "record/SyscallCall.h"
#include "record/SyscallEffectBuilder.h"
#include "record/XsaveLayout.h"

namespace rwd {

class SignalStackTracker {
 public:
  explicit SignalStackTracker(const XsaveLayout& layout);

  void beforeSyscall(const SyscallCall& call, const MemoryReader& read);
  void afterSyscall(int64_t result);

  // The range the kernel writes to deliver `signal` with the stack pointer at `rsp`.
  MemoryRange frameFor(int signal, uint64_t rsp) const;

  void setAltStack(const AlternateSignalStack& stack) { altStack_ = stack; }
  void setHandlerOnAltStack(int signal, bool onAltStack);
  const AlternateSignalStack& altStack() const { return altStack_; }
  bool handlerOnAltStack(int signal) const;
  uint32_t xstateSize() const { return dynamicXstate_ ? areaSize_ : defaultXstateSize_; }

 private:
  struct Pending {
    enum class Kind { HandlerFlags, AltStack, DynamicXstate } kind;
    int signal = 0;
    bool onAltStack = false;
    AlternateSignalStack stack;
  };
  uint64_t onAltStackMask_ = 0;  // bit n: signal n runs on the alternate stack
  AlternateSignalStack altStack_;
  bool dynamicXstate_ = false;
  uint32_t areaSize_;
  uint32_t defaultXstateSize_;
  std::optional<Pending> pending_;
};

}  // namespace rwd
