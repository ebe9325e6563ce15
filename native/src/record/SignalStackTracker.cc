// SignalStackTracker: decoding the new sigaction flags, the new stack_t and
// the AMX permission request from the calls' arguments.
#include "record/SignalStackTracker.h"

#include <sys/syscall.h>

namespace rwd {

namespace {
constexpr uint64_t kSaOnStack = 0x08000000;
constexpr uint32_t kSsDisable = 2;
constexpr uint64_t kArchReqXcompPerm = 0x1023;
}  // namespace

SignalStackTracker::SignalStackTracker(const XsaveLayout& layout)
    : areaSize_(layout.areaSize), defaultXstateSize_(layout.signalFrameXstateSize) {}

void SignalStackTracker::beforeSyscall(const SyscallCall& call, const MemoryReader& read) {
  pending_.reset();
  if (call.number == SYS_rt_sigaction && call.args[1] != 0) {
    uint64_t flags = 0;  // struct kernel_sigaction: handler, flags, restorer, mask
    if (read && read(call.args[1] + 8, &flags, sizeof flags))
      pending_ = Pending{Pending::Kind::HandlerFlags, static_cast<int>(call.args[0]), (flags & kSaOnStack) != 0, {}};
  } else if (call.number == SYS_sigaltstack && call.args[0] != 0) {
    uint64_t base = 0, size = 0;  // stack_t: ss_sp, ss_flags (int), ss_size
    uint32_t flags = 0;
    if (read && read(call.args[0], &base, 8) && read(call.args[0] + 8, &flags, 4) && read(call.args[0] + 16, &size, 8))
      pending_ = Pending{Pending::Kind::AltStack, 0, false, AlternateSignalStack{base, size, !(flags & kSsDisable)}};
  } else if (call.number == SYS_arch_prctl && call.args[0] == kArchReqXcompPerm) {
    pending_ = Pending{Pending::Kind::DynamicXstate, 0, false, {}};
  }
}

void SignalStackTracker::afterSyscall(int64_t result) {
  if (!pending_ || result != 0) {
    pending_.reset();
    return;
  }
  switch (pending_->kind) {
    case Pending::Kind::HandlerFlags:
      setHandlerOnAltStack(pending_->signal, pending_->onAltStack);
      break;
    case Pending::Kind::AltStack:
      altStack_ = pending_->stack;
      break;
    case Pending::Kind::DynamicXstate:
      dynamicXstate_ = true;
      break;
  }
  pending_.reset();
}

void SignalStackTracker::setHandlerOnAltStack(int signal, bool onAltStack) {
  if (signal <= 0 || signal >= 64) return;
  if (onAltStack) {
    onAltStackMask_ |= uint64_t{1} << signal;
  } else {
    onAltStackMask_ &= ~(uint64_t{1} << signal);
  }
}

bool SignalStackTracker::handlerOnAltStack(int signal) const {
  return signal > 0 && signal < 64 && ((onAltStackMask_ >> signal) & 1);
}

MemoryRange SignalStackTracker::frameFor(int signal, uint64_t rsp) const {
  return SignalFrameEffects::frame(rsp, xstateSize(), handlerOnAltStack(signal), altStack_);
}

}  // namespace rwd
