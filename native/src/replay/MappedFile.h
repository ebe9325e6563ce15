// MappedFile: a file the program mapped into memory while being recorded —
// where (address, length, offset), which file (path, device, inode, size,
// modification time) and a digest of the mapped bytes. Replay cannot map
// the program's descriptor (the open was skipped), so it maps anonymous
// memory at the same address and copies the file's bytes in, after checking
// that the file is still the one recorded; a file changed behind the
// recording makes replay stop with a message instead of showing a past
// that did not happen.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

#include "replay/TscPatcher.h"

namespace rwd {

class MappedFile {
 public:
  // Reads the identity of descriptor `fd` of `pid` and digests the mapped
  // part; throws when the descriptor cannot be inspected.
  static MappedFile capture(pid_t pid, int fd, uint64_t address, uint64_t length, uint64_t offset);

  // The mapped bytes (zero past the end of the file), or throws with the
  // user's message when the file changed since it was recorded.
  std::vector<uint8_t> contentsForReplay() const;
  // Throws with the user's message when the file's identity changed.
  void checkUnchanged() const;

  bool overlaps(uint64_t start, uint64_t length) const {
    return start < address + this->length && address < start + length;
  }

  std::string path;
  uint64_t address = 0;
  uint64_t length = 0;
  uint64_t offset = 0;
  uint64_t device = 0;
  uint64_t inode = 0;
  uint64_t size = 0;
  int64_t modifiedNs = 0;
  uint64_t digest = 0;
  std::vector<TscSite> tscSites;  // rdtsc instructions patched in the mapping (replay patches them again)

 private:
  std::vector<uint8_t> readFrom(int fd) const;
};

}  // namespace rwd
