// RegisterDelta: how one history entry changed one thread's registers, as
// the XOR of the user_regs_struct before and after it, kept only for the
// registers that changed. XOR makes the delta its own inverse: applying it
// to the registers after the entry gives those before, and the other way
// round, so going back and going forward share one operation. Registers are
// numbered in the order of how often instructions change them (rip first),
// so the changed-register mask of a typical instruction fits in a few bits;
// the values are small because XOR cancels the bits a change kept.
#pragma once

#include <sys/user.h>

#include <cstdint>
#include <vector>

#include "record/RegisterSlot.h"

namespace rwd {

class RegisterDelta {
 public:
  static constexpr unsigned kCount = sizeof(user_regs_struct) / 8;  // 27 on x86-64

  static RegisterDelta between(const user_regs_struct& before, const user_regs_struct& after);

  bool empty() const { return mask_ == 0; }
  // Bit i set: register orderedSlot(i) changed.
  uint32_t mask() const { return mask_; }
  void applyTo(user_regs_struct& regs) const;
  // The XOR of `slot` (0 when it did not change).
  uint64_t xorOf(RegisterSlot slot) const;

  // Appends the values (the mask is the caller's to store); reads them back.
  void encodeValues(std::vector<uint8_t>& out) const;
  static RegisterDelta decode(uint32_t mask, const uint8_t*& p);
  // Skips the values of `mask` at `p` without keeping them.
  static void skip(uint32_t mask, const uint8_t*& p);

  // The user_regs_struct slot of register number `order`.
  static RegisterSlot orderedSlot(unsigned order);

 private:
  uint32_t mask_ = 0;
  uint64_t values_[kCount] = {};  // by order number
};

}  // namespace rwd
