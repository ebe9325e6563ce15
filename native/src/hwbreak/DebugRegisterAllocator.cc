// DebugRegisterAllocator: splitting, sharing, exhaustion messages and
// commit-on-success for the debug-register slots.
#include "hwbreak/DebugRegisterAllocator.h"

#include <cstdio>

namespace rwd {

namespace {

std::string hex(uint64_t value) {
  char text[24];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

std::string byteCount(uint64_t length) { return std::to_string(length) + (length == 1 ? " byte" : " bytes"); }

// "write 6 bytes at 0x1003" / "execute at 0x401136".
std::string describeRequest(uint64_t address, uint64_t length, WatchKind kind) {
  std::string text = describeWatchKind(kind);
  if (kind != WatchKind::execute) text += " " + byteCount(length);
  return text + " at " + hex(address);
}

WatchChange failure(std::string message) {
  WatchChange change;
  change.message = std::move(message);
  return change;
}

// Checks what does not depend on the slots; empty when the request is sound.
std::string validate(uint64_t address, uint64_t length, WatchKind kind, const std::string& owner) {
  if (length == 0) { return owner + ": a watched region must be at least 1 byte long"; }
  if (kind == WatchKind::execute && length != 1) {
    return owner +
           ": a hardware execution breakpoint covers one "
           "instruction address, so its length must be 1 (got " +
           std::to_string(length) + ")";
  }
  if (address + (length - 1) < address) {
    return owner + ": the region of " + byteCount(length) + " at " + hex(address) +
           " runs past the end of the address space";
  }
  return {};
}

}  // namespace

std::vector<WatchPiece> DebugRegisterAllocator::splitIntoAlignedPieces(uint64_t address, uint64_t length,
                                                                       size_t maxPieces) {
  std::vector<WatchPiece> pieces;
  uint64_t remaining = length;
  while (remaining > 0 && pieces.size() <= maxPieces) {
    // The biggest size the address is aligned to that does not overshoot.
    uint8_t size = 8;
    while (size > 1 && (address % size != 0 || size > remaining)) size /= 2;
    pieces.push_back(WatchPiece{address, size});
    address += size;
    remaining -= size;
  }
  return pieces;
}

WatchChange DebugRegisterAllocator::insertWatch(uint64_t address, uint64_t length, WatchKind kind,
                                                const std::string& owner) {
  if (std::string problem = validate(address, length, kind, owner); !problem.empty()) { return failure(problem); }
  const std::vector<WatchPiece> pieces = splitIntoAlignedPieces(address, length);
  if (pieces.size() > static_cast<size_t>(DebugRegisterMirror::kSlotCount)) {
    return failure(owner + " (" + describeRequest(address, length, kind) + ") would need more than " +
                   std::to_string(DebugRegisterMirror::kSlotCount) +
                   " hardware debug registers: each one watches at most 8 "
                   "aligned bytes, and there are " +
                   std::to_string(DebugRegisterMirror::kSlotCount) + "; watch a smaller region");
  }

  DebugRegisterMirror next = committed_;
  WatchChange change;
  int newSlotsNeeded = 0;
  bool fits = true;
  for (const WatchPiece& piece : pieces) {
    if (auto shared = next.findIdenticalSlot(piece.address, piece.length, kind)) {
      next.addReference(*shared, owner);
      change.slots.push_back(*shared);
      continue;
    }
    ++newSlotsNeeded;
    if (auto free = next.firstFreeSlot()) {
      next.occupy(*free, piece.address, piece.length, kind, owner);
      change.slots.push_back(*free);
    } else {
      fits = false;  // keep counting, for the message
    }
  }
  if (!fits) { return failure(exhaustionMessage(address, length, kind, owner, pieces.size(), newSlotsNeeded)); }
  committed_ = std::move(next);
  change.ok = true;
  return change;
}

WatchChange DebugRegisterAllocator::removeWatch(uint64_t address, uint64_t length, WatchKind kind,
                                                const std::string& owner) {
  if (std::string problem = validate(address, length, kind, owner); !problem.empty()) { return failure(problem); }
  const std::vector<WatchPiece> pieces = splitIntoAlignedPieces(address, length);
  DebugRegisterMirror next = committed_;
  WatchChange change;
  for (const WatchPiece& piece : pieces) {
    auto slot = next.findIdenticalSlot(piece.address, piece.length, kind);
    if (!slot || !next.dropReference(*slot, owner)) {
      return failure("no hardware debug register holds " + owner + " (" + describeRequest(address, length, kind) +
                     "); nothing was removed");
    }
    change.slots.push_back(*slot);
  }
  committed_ = std::move(next);
  change.ok = true;
  return change;
}

int DebugRegisterAllocator::removeOwner(const std::string& owner) {
  int dropped = 0;
  for (int i = 0; i < DebugRegisterMirror::kSlotCount; ++i) {
    while (committed_.dropReference(i, owner)) ++dropped;
  }
  return dropped;
}

std::vector<int> DebugRegisterAllocator::slotsForDr6(uint64_t dr6) {
  std::vector<int> slots;
  for (int i = 0; i < DebugRegisterMirror::kSlotCount; ++i) {
    if (dr6 & (uint64_t{1} << i)) slots.push_back(i);
  }
  return slots;
}

std::vector<DebugRegisterHit> DebugRegisterAllocator::hitsForDr6(uint64_t dr6) const {
  std::vector<DebugRegisterHit> hits;
  for (int slot : slotsForDr6(dr6)) {
    // DR6 may flag a slot whose condition matched while it was not enabled;
    // only slots we hold count.
    if (committed_.slot(slot).inUse()) { hits.push_back(DebugRegisterHit{slot, committed_.slot(slot)}); }
  }
  return hits;
}

std::vector<std::string> DebugRegisterAllocator::ownersForDr6(uint64_t dr6) const {
  std::vector<std::string> owners;
  for (const DebugRegisterHit& hit : hitsForDr6(dr6)) {
    for (const std::string& owner : hit.state.owners) {
      bool seen = false;
      for (const std::string& known : owners) seen = seen || known == owner;
      if (!seen) owners.push_back(owner);
    }
  }
  return owners;
}

std::string DebugRegisterAllocator::describeHolders() const {
  std::string text;
  for (int i = 0; i < DebugRegisterMirror::kSlotCount; ++i) {
    if (!committed_.slot(i).inUse()) continue;
    if (!text.empty()) text += ", ";
    text += committed_.describeSlot(i);
  }
  return text.empty() ? "none" : text;
}

std::string DebugRegisterAllocator::exhaustionMessage(uint64_t address, uint64_t length, WatchKind kind,
                                                      const std::string& owner, size_t pieceCount,
                                                      int newSlotsNeeded) const {
  const int total = DebugRegisterMirror::kSlotCount;
  const int free = committed_.freeSlotCount();
  const std::string request = describeRequest(address, length, kind);
  if (free == 0) {
    return "all " + std::to_string(total) + " hardware debug registers are in use: " + describeHolders() +
           "; remove one of them to set " + owner + " (" + request + ")";
  }
  std::string why =
      owner + " (" + request + ") needs " + std::to_string(newSlotsNeeded) + " more hardware debug registers";
  if (pieceCount > 1) {
    why += " (the region is split into " + std::to_string(pieceCount) + " aligned pieces of 1, 2, 4 or 8 bytes)";
  }
  return why + " but only " + std::to_string(free) + " of " + std::to_string(total) +
         " are free; in use: " + describeHolders();
}

}  // namespace rwd
