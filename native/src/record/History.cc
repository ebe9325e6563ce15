// History: appending, the ring limit, and the write index.
#include "record/History.h"

#include <algorithm>

namespace rwd {

void History::setLimit(uint64_t recordLimit) {
  limit_ = recordLimit;
  dropBeyondLimit();
}

void History::dropBeyondLimit() {
  // The state of the process is the one before the entry at the position:
  // that entry and the ones after it must stay.
  while (limit_ && size_ > limit_ && position_ > 0) dropOldest();
}

void History::append(pid_t tid, EntryKind kind, const RegisterDelta& registers, const SpanDraft* spans,
                     size_t spanCount, const uint8_t* bytes, std::unique_ptr<MapChangeRecord> mapChange) {
  if (chunks_.empty() || chunks_.back().full()) {
    if (!chunks_.empty()) chunks_.back().bytes.shrink_to_fit();
    HistoryChunk& chunk = chunks_.emplace_back();
    chunk.firstSerial = endSerial();
    chunk.firstTid = tid;
    chunk.bytes.reserve(HistoryChunk::kMaxBytes + 512);
    writeContext_ = CodecContext{tid, 0};
  }
  HistoryChunk& chunk = chunks_.back();
  const size_t before = chunk.bytes.size();
  const uint64_t serial = endSerial();
  EntryCodec::encode(chunk.bytes, writeContext_, tid, kind, mapChange != nullptr, registers, spans, spanCount, bytes);
  logBytes_ += chunk.bytes.size() - before;
  ++chunk.count;
  if (mapChange) mapChanges_[serial] = std::move(mapChange);
  if (index_) {
    for (size_t i = 0; i < spanCount; ++i) index_->add(serial, spans[i].address, spans[i].length);
  }
  const bool followLiveEnd = position_ == size_;
  ++size_;
  if (followLiveEnd) position_ = size_;
  dropBeyondLimit();
}

void History::dropOldest() {
  if (size_ == 0) return;
  ++frontSkip_;
  ++firstSerial_;
  --size_;
  ++dropped_;
  ++droppedSincePrune_;
  --position_;  // > 0: dropBeyondLimit
  while (!mapChanges_.empty() && mapChanges_.begin()->first < firstSerial_) mapChanges_.erase(mapChanges_.begin());
  HistoryChunk& front = chunks_.front();
  if (frontSkip_ >= front.count) {
    logBytes_ -= front.bytes.size();
    chunks_.pop_front();
    frontSkip_ = 0;
  }
  if (index_ && droppedSincePrune_ >= std::max<uint64_t>(limit_ / 2, 65536)) {
    index_->prune(firstSerial_);
    droppedSincePrune_ = 0;
  }
}

void History::clear() {
  firstSerial_ = endSerial();
  chunks_.clear();
  frontSkip_ = 0;
  size_ = 0;
  position_ = 0;
  logBytes_ = 0;
  droppedSincePrune_ = 0;
  mapChanges_.clear();
  index_.reset();
}

uint64_t History::takeNewlyDropped() {
  const uint64_t fresh = dropped_ - reportedDropped_;
  reportedDropped_ = dropped_;
  return fresh;
}

const MapChangeRecord* History::mapChange(uint64_t serial) const {
  auto found = mapChanges_.find(serial);
  return found == mapChanges_.end() ? nullptr : found->second.get();
}

void History::buildIndex() {
  index_ = std::make_unique<WriteIndex>();
  EntryView entry;
  for (size_t c = 0; c < chunks_.size(); ++c) {
    HistoryChunk& chunk = chunks_[c];
    CodecContext context{chunk.firstTid, 0};
    uint8_t* p = chunk.bytes.data();
    for (uint32_t i = 0; i < chunk.count; ++i) {
      const uint64_t serial = chunk.firstSerial + i;
      p = EntryCodec::decode(p, context, &entry);
      if (serial < firstSerial_) continue;
      for (const SpanView& span : entry.spans) index_->add(serial, span.address, span.length);
    }
  }
}

std::optional<uint64_t> History::lastWriteBefore(uint64_t address, uint64_t length, uint64_t index) {
  if (!index_) buildIndex();
  const uint64_t bound = firstSerial_ + std::min(index, size_);
  auto serial = index_->lastWriteBefore(address, length, firstSerial_, bound);
  if (!serial) return std::nullopt;
  return *serial - firstSerial_;
}

size_t History::memoryBytes() const {
  size_t total = sizeof(*this);
  for (const HistoryChunk& chunk : chunks_) total += sizeof(HistoryChunk) + chunk.bytes.capacity();
  for (const auto& [serial, record] : mapChanges_) total += 64 + record->memoryBytes();
  if (index_) total += index_->memoryBytes();
  return total;
}

}  // namespace rwd
