// SignalFrameEffects: the kernel's signal frame placement, step by step:
// red zone, alternate stack switch, fpstate (xsave size + 4-byte magic)
// aligned down to 64, the rt_sigframe below it, then the 16-byte alignment
// minus 8 that makes the handler's entry rsp look like after a call.
#include "record/SignalFrameEffects.h"

namespace rwd {

MemoryRange SignalFrameEffects::frame(uint64_t rsp, uint64_t xstateSize, bool handlerUsesAltStack,
                                      const AlternateSignalStack& altStack) {
  uint64_t top = rsp - kRedZone;
  if (handlerUsesAltStack && altStack.enabled) {
    const bool alreadyOnAltStack = top > altStack.base && top - altStack.base <= altStack.size;
    if (!alreadyOnAltStack) top = altStack.base + altStack.size;
  }
  uint64_t sp = top;
  const uint64_t fpstateSize = (xstateSize ? xstateSize : 512) + 4;  // FP_XSTATE_MAGIC2
  sp = (sp - fpstateSize) & ~uint64_t{63};
  sp -= kRtSigframeSize;
  sp = (sp & ~uint64_t{15}) - 8;
  return MemoryRange{sp, top - sp, false};
}

}  // namespace rwd
