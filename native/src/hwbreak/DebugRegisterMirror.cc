// DebugRegisterMirror: slot bookkeeping and the exact DR7 encoding.
#include "hwbreak/DebugRegisterMirror.h"

#include <algorithm>
#include <cassert>
#include <cstdio>

namespace rwd {

namespace {

constexpr int kRwShift = 16;   // R/W of slot i at bits 16 + 4*i
constexpr int kLenShift = 18;  // LEN of slot i at bits 18 + 4*i
constexpr int kFieldStride = 4;

bool validIndex(int index) { return index >= 0 && index < DebugRegisterMirror::kSlotCount; }

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

}  // namespace

const DebugRegisterSlot& DebugRegisterMirror::slot(int index) const {
  assert(validIndex(index));
  return slots_[index];
}

int DebugRegisterMirror::freeSlotCount() const {
  return static_cast<int>(
      std::count_if(slots_.begin(), slots_.end(), [](const DebugRegisterSlot& s) { return !s.inUse(); }));
}

std::optional<int> DebugRegisterMirror::firstFreeSlot() const {
  for (int i = 0; i < kSlotCount; ++i) {
    if (!slots_[i].inUse()) return i;
  }
  return std::nullopt;
}

std::optional<int> DebugRegisterMirror::findIdenticalSlot(uint64_t address, uint8_t length, WatchKind kind) const {
  for (int i = 0; i < kSlotCount; ++i) {
    const DebugRegisterSlot& s = slots_[i];
    if (s.inUse() && s.address == address && s.length == length && s.kind == kind) { return i; }
  }
  return std::nullopt;
}

void DebugRegisterMirror::occupy(int index, uint64_t address, uint8_t length, WatchKind kind,
                                 const std::string& owner) {
  assert(validIndex(index));
  assert(!slots_[index].inUse());
  assert(length == 1 || length == 2 || length == 4 || length == 8);
  assert(address % length == 0);
  assert(kind != WatchKind::execute || length == 1);
  slots_[index] = DebugRegisterSlot{address, length, kind, {owner}};
}

void DebugRegisterMirror::addReference(int index, const std::string& owner) {
  assert(validIndex(index));
  assert(slots_[index].inUse());
  slots_[index].owners.push_back(owner);
}

bool DebugRegisterMirror::dropReference(int index, const std::string& owner) {
  assert(validIndex(index));
  std::vector<std::string>& owners = slots_[index].owners;
  auto it = std::find(owners.begin(), owners.end(), owner);
  if (it == owners.end()) return false;
  owners.erase(it);
  if (owners.empty()) slots_[index] = DebugRegisterSlot{};
  return true;
}

uint64_t DebugRegisterMirror::addressRegister(int index) const { return slot(index).address; }

uint64_t DebugRegisterMirror::dr7() const {
  uint64_t value = 0;
  for (int i = 0; i < kSlotCount; ++i) {
    const DebugRegisterSlot& s = slots_[i];
    if (s.inUse()) value |= dr7SlotBits(i, s.kind, s.length);
  }
  return value;
}

std::string DebugRegisterMirror::describeSlot(int index) const {
  const DebugRegisterSlot& s = slot(index);
  std::string text = "slot " + std::to_string(index) + " ";
  if (!s.inUse()) return text + "free";
  for (size_t i = 0; i < s.owners.size(); ++i) {
    if (i > 0) text += " and ";
    text += s.owners[i];
  }
  text += " (";
  text += describeWatchKind(s.kind);
  if (s.kind != WatchKind::execute) { text += " " + std::to_string(s.length) + (s.length == 1 ? " byte" : " bytes"); }
  text += " at " + hex(s.address) + ")";
  return text;
}

uint64_t DebugRegisterMirror::dr7KindBits(WatchKind kind) {
  switch (kind) {
    case WatchKind::execute:
      return 0b00;
    case WatchKind::write:
      return 0b01;
    case WatchKind::readWrite:
      return 0b11;
  }
  assert(false && "unknown WatchKind");
  return 0;
}

uint64_t DebugRegisterMirror::dr7LengthBits(uint8_t length) {
  switch (length) {
    case 1:
      return 0b00;
    case 2:
      return 0b01;
    case 4:
      return 0b11;
    case 8:
      return 0b10;
  }
  assert(false && "debug register length must be 1, 2, 4 or 8");
  return 0;
}

uint64_t DebugRegisterMirror::dr7SlotBits(int index, WatchKind kind, uint8_t length) {
  assert(validIndex(index));
  const int fieldOffset = kFieldStride * index;
  return (uint64_t{1} << (2 * index)) | (dr7KindBits(kind) << (kRwShift + fieldOffset)) |
         (dr7LengthBits(length) << (kLenShift + fieldOffset));
}

uint64_t DebugRegisterMirror::dr7SlotMask(int index) {
  assert(validIndex(index));
  return (uint64_t{0b11} << (2 * index)) | (uint64_t{0b1111} << (kRwShift + kFieldStride * index));
}

std::optional<Dr7SlotSetting> DebugRegisterMirror::decodeDr7Slot(uint64_t dr7, int index) {
  assert(validIndex(index));
  if (((dr7 >> (2 * index)) & 0b11) == 0) return std::nullopt;
  const int fieldOffset = kFieldStride * index;
  const uint64_t rw = (dr7 >> (kRwShift + fieldOffset)) & 0b11;
  const uint64_t len = (dr7 >> (kLenShift + fieldOffset)) & 0b11;
  Dr7SlotSetting setting{};
  switch (rw) {
    case 0b00:
      setting.kind = WatchKind::execute;
      break;
    case 0b01:
      setting.kind = WatchKind::write;
      break;
    case 0b11:
      setting.kind = WatchKind::readWrite;
      break;
    default:
      return std::nullopt;  // I/O breakpoint: never ours
  }
  static constexpr uint8_t kLengthOfCode[4] = {1, 2, 8, 4};
  setting.length = kLengthOfCode[len];
  return setting;
}

}  // namespace rwd
