// RegisterDelta: XOR deltas in frequency order, as varints.
#include "record/RegisterDelta.h"

#include <cstddef>
#include <cstring>

#include "record/Varint.h"

namespace rwd {

namespace {

constexpr RegisterSlot at(size_t offset) { return slotOf(offset); }

// Most instructions change rip and one or two of the next few.
constexpr RegisterSlot kOrder[RegisterDelta::kCount] = {
    at(offsetof(user_regs_struct, rip)),      at(offsetof(user_regs_struct, eflags)),
    at(offsetof(user_regs_struct, rax)),      at(offsetof(user_regs_struct, rsp)),
    at(offsetof(user_regs_struct, rdx)),      at(offsetof(user_regs_struct, rcx)),
    at(offsetof(user_regs_struct, rdi)),      at(offsetof(user_regs_struct, rsi)),
    at(offsetof(user_regs_struct, rbp)),      at(offsetof(user_regs_struct, rbx)),
    at(offsetof(user_regs_struct, r8)),       at(offsetof(user_regs_struct, r9)),
    at(offsetof(user_regs_struct, r10)),      at(offsetof(user_regs_struct, r11)),
    at(offsetof(user_regs_struct, r12)),      at(offsetof(user_regs_struct, r13)),
    at(offsetof(user_regs_struct, r14)),      at(offsetof(user_regs_struct, r15)),
    at(offsetof(user_regs_struct, orig_rax)), at(offsetof(user_regs_struct, fs_base)),
    at(offsetof(user_regs_struct, gs_base)),  at(offsetof(user_regs_struct, cs)),
    at(offsetof(user_regs_struct, ss)),       at(offsetof(user_regs_struct, ds)),
    at(offsetof(user_regs_struct, es)),       at(offsetof(user_regs_struct, fs)),
    at(offsetof(user_regs_struct, gs)),
};

uint64_t* words(user_regs_struct& regs) { return reinterpret_cast<uint64_t*>(&regs); }
const uint64_t* words(const user_regs_struct& regs) { return reinterpret_cast<const uint64_t*>(&regs); }

}  // namespace

RegisterSlot RegisterDelta::orderedSlot(unsigned order) { return kOrder[order]; }

RegisterDelta RegisterDelta::between(const user_regs_struct& before, const user_regs_struct& after) {
  RegisterDelta delta;
  const uint64_t* a = words(before);
  const uint64_t* b = words(after);
  for (unsigned order = 0; order < kCount; ++order) {
    const uint64_t value = a[kOrder[order]] ^ b[kOrder[order]];
    if (value == 0) continue;
    delta.mask_ |= 1u << order;
    delta.values_[order] = value;
  }
  return delta;
}

void RegisterDelta::applyTo(user_regs_struct& regs) const {
  uint64_t* w = words(regs);
  for (uint32_t bits = mask_; bits; bits &= bits - 1) {
    const unsigned order = static_cast<unsigned>(__builtin_ctz(bits));
    w[kOrder[order]] ^= values_[order];
  }
}

uint64_t RegisterDelta::xorOf(RegisterSlot slot) const {
  for (unsigned order = 0; order < kCount; ++order) {
    if (kOrder[order] == slot) return values_[order];
  }
  return 0;
}

void RegisterDelta::encodeValues(std::vector<uint8_t>& out) const {
  for (uint32_t bits = mask_; bits; bits &= bits - 1) varint::put(out, values_[__builtin_ctz(bits)]);
}

RegisterDelta RegisterDelta::decode(uint32_t mask, const uint8_t*& p) {
  RegisterDelta delta;
  delta.mask_ = mask;
  for (uint32_t bits = mask; bits; bits &= bits - 1) delta.values_[__builtin_ctz(bits)] = varint::get(p);
  return delta;
}

void RegisterDelta::skip(uint32_t mask, const uint8_t*& p) {
  for (uint32_t bits = mask; bits; bits &= bits - 1) {
    while (*p++ & 0x80) {}
  }
}

}  // namespace rwd
