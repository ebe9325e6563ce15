// RemoteMemory: the recorder's and time traveler's fast path into the
// debuggee's memory. Reads and writes go through process_vm_readv/writev,
// many pieces per system call; what those refuse (read-only or PROT_NONE
// pages, which they do not force) goes through the process layer's
// AddressSpace (/proc/PID/mem, forced, breakpoint bytes kept in place).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "record/MemoryRange.h"

namespace rwd {

class AddressSpace;

struct WritePiece {
  uint64_t address = 0;
  const uint8_t* bytes = nullptr;
  size_t length = 0;
};

class RemoteMemory {
 public:
  // `space` (may be null) serves what process_vm_* refuse.
  RemoteMemory(pid_t pid, AddressSpace* space) : pid_(pid), space_(space) {}

  // Reads all of [address, +length); false when any byte is unreadable.
  bool read(uint64_t address, void* out, size_t length) const;
  // Reads every range of `ranges` into `out` (their bytes one after the
  // other) with one system call; false when any byte is unreadable (then
  // use readReadable per range).
  bool readAll(const MemoryRange* ranges, size_t count, uint8_t* out) const;
  // Reads what is readable of [address, +length) into `out`, and appends the
  // readable parts to `readable` (merged, in order).
  void readReadable(uint64_t address, size_t length, uint8_t* out, std::vector<MemoryRange>& readable) const;

  // Writes every piece; returns how many bytes could not be written.
  size_t writeAll(const std::vector<WritePiece>& pieces) const;

 private:
  bool forcedRead(uint64_t address, void* out, size_t length) const;
  bool forcedWrite(uint64_t address, const void* in, size_t length) const;
  pid_t pid_;
  AddressSpace* space_;
};

}  // namespace rwd
