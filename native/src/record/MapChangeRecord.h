// MapChangeRecord: what the history keeps about one system call that
// changed the memory map (mmap, munmap, mprotect, mremap, brk, madvise):
// the ranges it touched, the layout of those ranges before and after it,
// and where its `syscall` instruction is (the time traveler replays map
// changes through that instruction, see MappingRestorer). The contents the
// call removed are ordinary spans of the entry.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "record/MemoryLayout.h"
#include "record/MemoryRange.h"

namespace rwd {

struct MapChangeRecord {
  std::string description;  // "munmap(0x7f.., 8192)"
  pid_t tid = 0;
  uint64_t syscallAddress = 0;        // the `syscall` instruction that made the change
  std::vector<MemoryRange> affected;  // page-aligned ranges whose mapping may differ
  MemoryLayout before;
  MemoryLayout after;

  size_t memoryBytes() const {
    return sizeof(*this) + description.capacity() + affected.capacity() * sizeof(MemoryRange) + before.memoryBytes() +
           after.memoryBytes();
  }
};

}  // namespace rwd
