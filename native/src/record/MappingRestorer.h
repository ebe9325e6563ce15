// MappingRestorer: puts the memory map of the ranges a system call changed
// back into the layout recorded before it (going back) or after it (going
// forward), through injected mmap/mprotect/munmap calls (SyscallInjector).
// Going back it maps what was mapped (anonymous, private, with the old
// protection: the contents come from the entry's saved bytes) and restores
// protections, but leaves mappings that appeared later in place (their
// contents stay for the way forward). Going forward it also unmaps what the
// call had unmapped. A file or shared mapping brought back this way is a
// private copy of its bytes: reading it in the past shows the right
// contents, and the original mapping is what the live end has.
#pragma once

#include <string>

#include "record/MapChangeRecord.h"

namespace rwd {

class Process;

class MappingRestorer {
 public:
  explicit MappingRestorer(Process& process) : process_(process) {}

  // "" on success, else a sentence saying what could not be restored.
  std::string restore(const MapChangeRecord& record, bool toBefore);

 private:
  Process& process_;
};

}  // namespace rwd
