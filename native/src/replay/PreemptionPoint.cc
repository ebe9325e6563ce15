// PreemptionPoint: pass-by-pass comparison at the recorded address.
#include "replay/PreemptionPoint.h"

#include <cstring>

#include "replay/MemoryDigest.h"
#include "replay/Ptrace.h"
#include "registers/RegisterText.h"
#include "replay/ReplayBreakpoints.h"
#include "replay/ReplayDivergence.h"

namespace rwd {

void PreemptionPoint::seek(pid_t tid, const NativeEvent& event, size_t eventIndex) {
  event_ = &event;
  eventIndex_ = eventIndex;
  lastPass_.reset();
  lastDigest_.reset();
  found_ = false;
  counter_.arm(tid, event.rip, 1);
}

bool PreemptionPoint::sameState(const user_regs_struct& a, const user_regs_struct& b) {
  user_regs_struct left = a;
  user_regs_struct right = b;
  left.orig_rax = right.orig_rax = 0;
  return std::memcmp(&left, &right, sizeof left) == 0;
}

bool PreemptionPoint::onTrap(pid_t tid) {
  if (!event_ || !counter_.onStop(tid, SIGTRAP)) return false;
  ++passes_;
  const user_regs_struct regs = Ptrace::registers(tid);
  std::optional<uint64_t> digest;
  if (sameState(regs, event_->finalRegisters)) {
    digest = MemoryDigest::ofWritableMemory(tid);
    if (*digest == event_->memoryDigest) {
      found_ = true;  // the breakpoint is out; the thread stands before the instruction
      event_ = nullptr;
      return true;
    }
  }
  // The same registers as at the pass before: compare the memory too; the
  // same whole state twice means the thread goes round for ever.
  if (lastPass_ && sameState(regs, *lastPass_)) {
    if (!digest) digest = MemoryDigest::ofWritableMemory(tid);
    if (lastDigest_ == digest) {
      event_ = nullptr;
      throw ReplayDivergence(eventIndex_, "a thread passes " + RegisterText::hex(regs.rip) +
                                              " in the same state again and again without reaching the state the "
                                              "recording has for its thread switch there");
    }
    lastDigest_ = digest;
  } else {
    lastDigest_.reset();
  }
  lastPass_ = regs;
  found_ = false;
  ReplayBreakpoints::stepOverInstruction(tid);
  counter_.arm(tid, event_->rip, 1);
  return true;
}

}  // namespace rwd
