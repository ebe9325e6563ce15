// RegisterSlot: a general-purpose register named by its position in Linux's
// user_regs_struct (every field there is 64 bits), so that evaluating an
// address at record time is an array index, not a switch.
#pragma once

#include <sys/user.h>

#include <cstddef>
#include <cstdint>
#include <cstring>

namespace rwd {

static_assert(sizeof(user_regs_struct) % 8 == 0, "user_regs_struct is made of 64-bit fields");

using RegisterSlot = uint8_t;
constexpr RegisterSlot kNoRegister = 0xFF;

constexpr RegisterSlot slotOf(size_t fieldOffset) { return static_cast<RegisterSlot>(fieldOffset / 8); }

namespace slots {
constexpr RegisterSlot rax = slotOf(offsetof(user_regs_struct, rax));
constexpr RegisterSlot rcx = slotOf(offsetof(user_regs_struct, rcx));
constexpr RegisterSlot rdx = slotOf(offsetof(user_regs_struct, rdx));
constexpr RegisterSlot rbx = slotOf(offsetof(user_regs_struct, rbx));
constexpr RegisterSlot rsp = slotOf(offsetof(user_regs_struct, rsp));
constexpr RegisterSlot rbp = slotOf(offsetof(user_regs_struct, rbp));
constexpr RegisterSlot rsi = slotOf(offsetof(user_regs_struct, rsi));
constexpr RegisterSlot rdi = slotOf(offsetof(user_regs_struct, rdi));
constexpr RegisterSlot r8 = slotOf(offsetof(user_regs_struct, r8));
constexpr RegisterSlot r9 = slotOf(offsetof(user_regs_struct, r9));
constexpr RegisterSlot r10 = slotOf(offsetof(user_regs_struct, r10));
constexpr RegisterSlot r11 = slotOf(offsetof(user_regs_struct, r11));
constexpr RegisterSlot r12 = slotOf(offsetof(user_regs_struct, r12));
constexpr RegisterSlot r13 = slotOf(offsetof(user_regs_struct, r13));
constexpr RegisterSlot r14 = slotOf(offsetof(user_regs_struct, r14));
constexpr RegisterSlot r15 = slotOf(offsetof(user_regs_struct, r15));
}  // namespace slots

// The slot of general-purpose register number 0..15 in encoding order
// (rax, rcx, rdx, rbx, rsp, rbp, rsi, rdi, r8..r15).
inline RegisterSlot slotOfEncoding(unsigned number) {
  static constexpr RegisterSlot table[16] = {slots::rax, slots::rcx, slots::rdx, slots::rbx, slots::rsp, slots::rbp,
                                             slots::rsi, slots::rdi, slots::r8,  slots::r9,  slots::r10, slots::r11,
                                             slots::r12, slots::r13, slots::r14, slots::r15};
  return table[number & 15];
}

inline uint64_t registerValue(const user_regs_struct& regs, RegisterSlot slot) {
  uint64_t value;
  std::memcpy(&value, reinterpret_cast<const char*>(&regs) + size_t{slot} * 8, 8);
  return value;
}

}  // namespace rwd
