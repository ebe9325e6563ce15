// HistoryCursor: chunk lookup and per-chunk entry offsets.
#include "record/HistoryCursor.h"

#include <algorithm>

namespace rwd {

HistoryCursor::HistoryCursor(History& history, uint64_t position)
    : history_(history), serial_(history.firstSerial() + std::min(position, history.size())) {}

bool HistoryCursor::previous(EntryView& out) {
  if (serial_ <= history_.firstSerial()) return false;
  --serial_;
  decodeSerial(serial_, out);
  return true;
}

bool HistoryCursor::next(EntryView& out) {
  if (serial_ >= history_.endSerial()) return false;
  decodeSerial(serial_, out);
  ++serial_;
  return true;
}

size_t HistoryCursor::chunkOf(uint64_t serial) const {
  const auto& chunks = history_.chunks();
  if (loaded_) {
    const HistoryChunk& current = chunks[chunk_];
    if (serial >= current.firstSerial && serial < current.firstSerial + current.count) return chunk_;
    if (chunk_ > 0 && serial < current.firstSerial && serial >= chunks[chunk_ - 1].firstSerial) return chunk_ - 1;
    if (chunk_ + 1 < chunks.size() && serial >= chunks[chunk_ + 1].firstSerial &&
        serial < chunks[chunk_ + 1].firstSerial + chunks[chunk_ + 1].count)
      return chunk_ + 1;
  }
  auto it = std::upper_bound(chunks.begin(), chunks.end(), serial,
                             [](uint64_t value, const HistoryChunk& chunk) { return value < chunk.firstSerial; });
  return static_cast<size_t>(it - chunks.begin()) - 1;
}

void HistoryCursor::load(size_t chunkIndex) {
  HistoryChunk& chunk = history_.chunks()[chunkIndex];
  marks_.resize(chunk.count);
  CodecContext context{chunk.firstTid, 0};
  uint8_t* base = chunk.bytes.data();
  uint8_t* p = base;
  for (uint32_t i = 0; i < chunk.count; ++i) {
    marks_[i] = Mark{static_cast<uint32_t>(p - base), context.tid, context.address};
    p = EntryCodec::decode(p, context, nullptr);
  }
  chunk_ = chunkIndex;
  loaded_ = true;
}

void HistoryCursor::decodeSerial(uint64_t serial, EntryView& out) {
  const size_t index = chunkOf(serial);
  if (!loaded_ || index != chunk_) load(index);
  HistoryChunk& chunk = history_.chunks()[chunk_];
  const Mark& mark = marks_[serial - chunk.firstSerial];
  CodecContext context{mark.tid, mark.address};
  EntryCodec::decode(chunk.bytes.data() + mark.offset, context, &out);
  out.serial = serial;
}

}  // namespace rwd
