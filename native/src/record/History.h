// History: the recorded log of a program's execution, oldest entry first.
// Entries (EntryCodec) sit in chunks (HistoryChunk); a ring limit of
// `recordLimit` steps drops the oldest entries as new ones come, and counts
// them so the user can be told. Positions are relative to the oldest entry
// kept: position p is the state before entry p, position size() the live
// end. Serials are absolute (they keep counting across drops) and stay
// valid for a kept entry. System calls that changed the memory map carry a
// MapChangeRecord. The write index (WriteIndex) is built on the first
// lastWriteBefore() and kept up to date from then on.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <optional>

#include "record/EntryCodec.h"
#include "record/HistoryChunk.h"
#include "record/MapChangeRecord.h"
#include "record/WriteIndex.h"

namespace rwd {

class History {
 public:
  // `recordLimit`: the most steps kept (0 = no limit).
  explicit History(uint64_t recordLimit = 0) : limit_(recordLimit) {}

  // A new limit. Entries beyond it go at once as far as the position
  // allows: the ones after the position are what takes the program back to
  // the live end, so in the past they stay until it runs live again.
  void setLimit(uint64_t recordLimit);
  uint64_t limit() const { return limit_; }

  // Appends an entry after the newest one; the position follows when it
  // was at the live end. Drops the oldest entries beyond the limit (never
  // one at or after the position).
  void append(pid_t tid, EntryKind kind, const RegisterDelta& registers, const SpanDraft* spans, size_t spanCount,
              const uint8_t* bytes, std::unique_ptr<MapChangeRecord> mapChange = nullptr);
  // Forgets every entry (a history cut, or a new recording); serials go on.
  void clear();

  uint64_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  uint64_t position() const { return position_; }
  void setPosition(uint64_t position) { position_ = position; }
  bool atLiveEnd() const { return position_ == size_; }
  uint64_t firstSerial() const { return firstSerial_; }
  uint64_t endSerial() const { return firstSerial_ + size_; }

  // Entries dropped by the ring limit since recording began, and since the
  // last call of takeNewlyDropped() (for a one-time notice).
  uint64_t dropped() const { return dropped_; }
  uint64_t takeNewlyDropped();

  const MapChangeRecord* mapChange(uint64_t serial) const;

  // The position of the newest entry before `index` that wrote any byte of
  // [address, address + length); nullopt when none in the kept history.
  std::optional<uint64_t> lastWriteBefore(uint64_t address, uint64_t length, uint64_t index);

  // Bytes of memory the history holds (log, chunk headers, map records, index).
  size_t memoryBytes() const;
  // Bytes of the log alone (entries as encoded).
  size_t logBytes() const { return logBytes_; }

  // For HistoryCursor.
  const std::deque<HistoryChunk>& chunks() const { return chunks_; }
  std::deque<HistoryChunk>& chunks() { return chunks_; }
  // Entries at the start of the front chunk that were dropped.
  uint32_t frontSkip() const { return frontSkip_; }

 private:
  void dropOldest();
  // Drops the oldest entries while more than the limit are kept and the
  // position is after them.
  void dropBeyondLimit();
  void indexEntry(const EntryView& entry);
  void buildIndex();

  uint64_t limit_;
  std::deque<HistoryChunk> chunks_;
  CodecContext writeContext_;
  uint32_t frontSkip_ = 0;
  uint64_t firstSerial_ = 0;
  uint64_t size_ = 0;
  uint64_t position_ = 0;
  uint64_t dropped_ = 0;
  uint64_t reportedDropped_ = 0;
  uint64_t droppedSincePrune_ = 0;
  size_t logBytes_ = 0;
  std::map<uint64_t, std::unique_ptr<MapChangeRecord>> mapChanges_;
  std::unique_ptr<WriteIndex> index_;
};

}  // namespace rwd
