// DebugRegisterAllocator: the pure slot allocator for hardware breakpoints
// and data breakpoints. It owns the committed DebugRegisterMirror; every
// insert or remove is worked out on a copy and committed only when all of
// it fits, so a failed request changes nothing. A region that is not
// aligned, or longer than 8 bytes, is split into naturally aligned pieces
// of 1, 2, 4 or 8 bytes, one slot each; a piece identical to one already
// held (same address, length and kind) shares that slot by reference
// count. No ptrace here: DebugRegisterSync puts the committed mirror into
// the threads.
//
// To change several watches as one unit, copy the allocator, make the
// changes on the copy, and assign it back once they all succeeded (and the
// writer accepted the new mirror).
#pragma once

#include "hwbreak/DebugRegisterMirror.h"
#include "hwbreak/WatchKind.h"

#include <cstdint>
#include <string>
#include <vector>

namespace rwd {

// One naturally aligned piece of a watched region.
struct WatchPiece {
  uint64_t address;
  uint8_t length;  // 1, 2, 4 or 8, and address % length == 0
  bool operator==(const WatchPiece&) const = default;
};

// The answer to insertWatch / removeWatch. On success `slots` lists the
// slot used for each piece, in address order; on failure `message` is a
// sentence for the user and the allocator is unchanged.
struct WatchChange {
  bool ok = false;
  std::vector<int> slots;
  std::string message;
};

// A slot that fired, with what it held when it fired.
struct DebugRegisterHit {
  int slot;
  DebugRegisterSlot state;
};

class DebugRegisterAllocator {
 public:
  DebugRegisterAllocator() = default;
  explicit DebugRegisterAllocator(DebugRegisterMirror committed) : committed_(std::move(committed)) {}

  const DebugRegisterMirror& mirror() const { return committed_; }

  // Watches [address, address + length) for `kind` on behalf of `owner`
  // (a label such as "data breakpoint 'count' (id 4)"). Execution
  // breakpoints must have length 1.
  WatchChange insertWatch(uint64_t address, uint64_t length, WatchKind kind, const std::string& owner);
  // Undoes one insertWatch with the same arguments: each piece loses the
  // owner's reference; a slot left without references is freed.
  WatchChange removeWatch(uint64_t address, uint64_t length, WatchKind kind, const std::string& owner);
  // Drops every reference `owner` holds; returns how many were dropped.
  int removeOwner(const std::string& owner);

  // The aligned pieces covering [address, address + length), lowest first,
  // fewest possible. Stops after `maxPieces` + 1 pieces so a huge region
  // costs nothing (callers only need to know it does not fit).
  static std::vector<WatchPiece> splitIntoAlignedPieces(uint64_t address, uint64_t length,
                                                        size_t maxPieces = DebugRegisterMirror::kSlotCount);

  // The slots whose B0–B3 bit is set in a DR6 value.
  static std::vector<int> slotsForDr6(uint64_t dr6);
  // The same, limited to slots in use, with what each holds.
  std::vector<DebugRegisterHit> hitsForDr6(uint64_t dr6) const;
  // The owners of the slots that fired, each once, in slot order.
  std::vector<std::string> ownersForDr6(uint64_t dr6) const;

  // "slot 0 …, slot 1 …" for every slot in use ("none" when all are free).
  std::string describeHolders() const;

 private:
  // A sentence saying why the request does not fit, naming the holders.
  std::string exhaustionMessage(uint64_t address, uint64_t length, WatchKind kind, const std::string& owner,
                                size_t pieceCount, int newSlotsNeeded) const;

  DebugRegisterMirror committed_;
};

}  // namespace rwd
