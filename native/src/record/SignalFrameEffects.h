// SignalFrameEffects: the memory the kernel writes when it delivers a signal
// to a handler on x86-64 — the rt_sigframe (return address, ucontext with
// the saved registers and signal mask, siginfo) and the xsave image of the
// FPU/vector state, below the interrupted rsp less the 128-byte red zone, or
// at the top of the alternate signal stack when the handler asked for it.
// The range follows the kernel's get_sigframe() layout and is conservative:
// it spans from the lowest byte the frame can occupy to the stack top used.
#pragma once

#include <cstdint>

#include "record/MemoryRange.h"

namespace rwd {

struct AlternateSignalStack {
  uint64_t base = 0;     // ss_sp
  uint64_t size = 0;     // ss_size
  bool enabled = false;  // installed and not SS_DISABLE
};

class SignalFrameEffects {
 public:
  static constexpr uint64_t kRedZone = 128;
  static constexpr uint64_t kRtSigframeSize = 440;  // pretcode + ucontext (304) + siginfo (128)

  // `rsp`: the interrupted stack pointer; `xstateSize`: the xstate size the
  // kernel saves for this process — XsaveLayout::signalFrameXstateSize, or
  // XsaveLayout::areaSize once the program has called
  // arch_prctl(ARCH_REQ_XCOMP_PERM) (AMX); `handlerUsesAltStack`: the handler
  // was installed with SA_ONSTACK.
  static MemoryRange frame(uint64_t rsp, uint64_t xstateSize, bool handlerUsesAltStack,
                           const AlternateSignalStack& altStack);
};

}  // namespace rwd
