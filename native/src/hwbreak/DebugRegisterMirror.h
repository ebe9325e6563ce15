// DebugRegisterMirror: a value-type copy of what the debugger wants in the
// x86 debug registers DR0–DR3 and DR7, plus what the hardware does not hold:
// how many users share each slot and who they are (for messages). It knows
// the exact DR7 bit layout (Intel SDM vol. 3, 18.2.4) and nothing about
// ptrace; DebugRegisterAllocator decides what goes in it and a
// DebugRegisterWriter puts it into threads.
#pragma once

#include "hwbreak/WatchKind.h"

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace rwd {

// One of DR0–DR3 as the mirror sees it. A free slot has no owners and is
// all zero.
struct DebugRegisterSlot {
  uint64_t address = 0;
  uint8_t length = 0;  // 1, 2, 4 or 8 while in use; 0 when free
  WatchKind kind = WatchKind::execute;
  // One label per reference, e.g. "data breakpoint 'count' (id 4)". The
  // slot's reference count is the number of labels.
  std::vector<std::string> owners;

  bool inUse() const { return !owners.empty(); }
  int referenceCount() const { return static_cast<int>(owners.size()); }
  bool operator==(const DebugRegisterSlot&) const = default;
};

// What DR7 says about one slot.
struct Dr7SlotSetting {
  WatchKind kind;
  uint8_t length;  // 1, 2, 4 or 8
  bool operator==(const Dr7SlotSetting&) const = default;
};

class DebugRegisterMirror {
 public:
  static constexpr int kSlotCount = 4;

  const DebugRegisterSlot& slot(int index) const;
  int freeSlotCount() const;
  std::optional<int> firstFreeSlot() const;
  // The in-use slot that watches exactly this region for this kind, if any.
  std::optional<int> findIdenticalSlot(uint64_t address, uint8_t length, WatchKind kind) const;

  // Takes a free slot for one aligned piece. The caller has checked the
  // piece (length 1/2/4/8, address aligned to it, execute only with 1).
  void occupy(int index, uint64_t address, uint8_t length, WatchKind kind, const std::string& owner);
  // One more reference to an in-use slot.
  void addReference(int index, const std::string& owner);
  // Drops one reference held by `owner`; the slot is freed when none are
  // left. False (and nothing changed) when `owner` holds no reference.
  bool dropReference(int index, const std::string& owner);

  // The value for DR0–DR3 (0 for a free slot).
  uint64_t addressRegister(int index) const;
  // The value for DR7: for each slot in use, its local-enable bit (2*i), its
  // R/W field (bits 16+4*i) and its LEN field (bits 18+4*i). Nothing else is
  // set: Linux keeps bits 8–9 (LE/GE) but ignores them, drops bits 10–15,
  // and programs the real DR7 itself from the breakpoints it builds out of
  // this value; modern processors ignore LE/GE anyway.
  uint64_t dr7() const;

  // "slot 0 data breakpoint 'a' (id 1) (write 8 bytes at 0x1000)".
  std::string describeSlot(int index) const;

  // DR7 field encodings (Intel SDM): R/W 00 execute, 01 write, 11 read or
  // write (10 is I/O, never used); LEN 00 = 1, 01 = 2, 11 = 4, 10 = 8 bytes.
  static uint64_t dr7KindBits(WatchKind kind);
  static uint64_t dr7LengthBits(uint8_t length);
  // Enable bit plus R/W and LEN fields of slot `index` for this setting.
  static uint64_t dr7SlotBits(int index, WatchKind kind, uint8_t length);
  // Every DR7 bit that belongs to slot `index` (L, G, R/W and LEN).
  static uint64_t dr7SlotMask(int index);
  // The setting of slot `index` in a DR7 value: empty when the slot is not
  // enabled (neither L nor G bit) or its R/W field says I/O.
  static std::optional<Dr7SlotSetting> decodeDr7Slot(uint64_t dr7, int index);

  bool operator==(const DebugRegisterMirror&) const = default;

 private:
  std::array<DebugRegisterSlot, kSlotCount> slots_{};
};

}  // namespace rwd
