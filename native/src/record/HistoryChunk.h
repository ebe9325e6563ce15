// HistoryChunk: a run of consecutive history entries in one byte block.
// Entries are variable-length (EntryCodec), so the log is cut into chunks of
// at most kMaxEntries entries: a position is found by a binary search over
// chunks and a decode of at most one chunk, and the ring limit frees memory
// a chunk at a time. Each chunk starts with a fresh CodecContext whose tid
// is the first entry's.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <vector>

namespace rwd {

struct HistoryChunk {
  static constexpr uint32_t kMaxEntries = 1024;
  static constexpr size_t kMaxBytes = 32 * 1024;

  uint64_t firstSerial = 0;
  uint32_t count = 0;
  pid_t firstTid = 0;
  std::vector<uint8_t> bytes;

  bool full() const { return count >= kMaxEntries || bytes.size() >= kMaxBytes; }
};

}  // namespace rwd
