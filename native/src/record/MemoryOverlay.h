// MemoryOverlay: the debuggee's memory as the time traveler changes it,
// held locally while it applies many entries in a row. Each page it meets
// is read from the process once; every swap after that is a local copy; at
// the end only the bytes that were touched go back, in one batch
// (RemoteMemory::writeAll). This is what makes travelling over a million
// entries cost a few system calls per page instead of several per entry.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <unordered_map>

#include "record/RemoteMemory.h"

namespace rwd {

class MemoryOverlay {
 public:
  explicit MemoryOverlay(const RemoteMemory& memory) : memory_(memory) {}

  // Exchanges `bytes` with the memory at [address, +length): afterwards the
  // overlay holds the old `bytes` and `bytes` holds what memory held.
  // False when part of the range is not mapped (that part is left alone).
  bool swap(uint64_t address, uint8_t* bytes, size_t length);
  // Writes the touched bytes to the process and forgets every page (the
  // memory map may change next). Returns how many bytes could not be written.
  size_t flush();
  size_t pagesRead() const { return pagesRead_; }

 private:
  static constexpr uint64_t kPage = 4096;
  struct Page {
    uint8_t data[kPage];
    uint64_t touched[kPage / 64] = {};
    bool readable = false;
    bool dirty = false;
  };
  Page* page(uint64_t number);

  const RemoteMemory& memory_;
  std::unordered_map<uint64_t, std::unique_ptr<Page>> pages_;
  uint64_t lastNumber_ = ~uint64_t{0};
  Page* last_ = nullptr;
  size_t pagesRead_ = 0;
};

}  // namespace rwd
