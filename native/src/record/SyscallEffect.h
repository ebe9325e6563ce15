// SyscallEffect: what one system call does to the caller's address space —
// the byte ranges the kernel writes, the changes to the memory map, and
// facts the recorder must act on (a new task sharing the memory, ranges the
// kernel keeps updating on its own). `known` false means the recorder does
// not know the call's effects and must cut the history there.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "record/MemoryRange.h"

namespace rwd {

struct MemoryMapChange {
  enum class Kind {
    Map,      // mmap: [address, address + length) mapped (address is the result after the call)
    Unmap,    // munmap, shmdt: the range is gone
    Protect,  // mprotect/pkey_mprotect: protection becomes `protection`
    Remap,    // mremap: [address, +length) now lives at [newAddress, +newLength)
    Break,    // brk: the program break moves to `address` (requested) / the result
    Discard,  // madvise DONTNEED/REMOVE: contents dropped (zero or file contents again)
    Replace,  // execve: the whole address space is replaced
  };
  Kind kind = Kind::Map;
  uint64_t address = 0;
  uint64_t length = 0;
  uint64_t newAddress = 0;
  uint64_t newLength = 0;
  uint64_t protection = 0;
  uint64_t flags = 0;
  int64_t fd = -1;
  uint64_t offset = 0;
};

struct SyscallEffect {
  uint64_t number = 0;
  std::string name;
  bool known = true;
  std::string reason;  // when !known: what the recorder cannot account for

  // Ranges the kernel may write (beforeCall) or did write (afterCall). For
  // unmapping and replacing calls they are the ranges whose contents go away:
  // save the readable part of each before the call.
  std::vector<MemoryRange> writes;
  std::vector<MemoryMapChange> mapChanges;
  // clone(CLONE_VM)/vfork: another task will run in this address space.
  bool newTaskSharesMemory = false;
  // Ranges the kernel writes later on its own (rseq area, clear_child_tid).
  std::vector<MemoryRange> kernelMaintained;

  // The sentence to show the user when !known.
  std::string message() const {
    return "the recorder does not know what system call '" + name + "' writes" +
           (reason.empty() ? "" : " (" + reason + ")") + "; recording stopped here";
  }
};

}  // namespace rwd
