// EntryCodec: the byte format of one history entry. An entry is
//   header   varint: (changed-register mask << 2) | hasSpans << 1 | extended
//   extended varint, only when flagged: kind << 2 | hasMapChange << 1 | tidFollows
//   tid      varint, only when it differs from the previous entry's
//   values   one varint per changed register (RegisterDelta)
//   spans    varint count, then per span: zigzag(address - previous span's
//            address) varint, length varint, the bytes themselves
// A typical instruction (rip and one register changed, one 8-byte store
// next to the previous one) takes about 14 bytes. Decoding needs the
// previous entry's tid and span address: CodecContext carries them, and
// resets at every chunk start (HistoryChunk).
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <vector>

#include "record/HistoryEntry.h"
#include "record/RegisterDelta.h"

namespace rwd {

struct CodecContext {
  pid_t tid = 0;
  uint64_t address = 0;
};

struct SpanDraft {
  uint64_t address = 0;
  uint32_t length = 0;
};

class EntryCodec {
 public:
  // `bytes` holds the spans' bytes one after the other.
  static void encode(std::vector<uint8_t>& out, CodecContext& context, pid_t tid, EntryKind kind, bool hasMapChange,
                     const RegisterDelta& registers, const SpanDraft* spans, size_t spanCount, const uint8_t* bytes);
  // Decodes the entry at `p` into `out` (or only walks over it when `out` is
  // null) and returns where the next entry starts.
  static uint8_t* decode(uint8_t* p, CodecContext& context, EntryView* out);
};

}  // namespace rwd
