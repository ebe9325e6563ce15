// BtsDecoder: Intel Branch Trace Store records into taken branches. Each
// record is 24 bytes — the branch's source address, its target address and
// a flags word (bit 4: the branch was predicted) — at offsets that are
// multiples of 24 in the perf AUX stream. All-zero records are the padding
// the kernel leaves where a buffer chunk ends. A record split across two
// reads is joined; after lost (overwritten) data decoding resumes at the
// next record boundary. With a CodeReader, each branch's kind comes from
// decoding its source instruction; without one it is `unknown`.
// The index of a BTS branch is its ordinal: BTS does not count instructions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "branch/AuxRingReader.h"
#include "branch/BranchClassifier.h"
#include "branch/BranchTypes.h"
#include "branch/CodeReader.h"

namespace rwd {

class BtsDecoder {
 public:
  static constexpr size_t kRecordSize = 24;
  static constexpr uint64_t kPredictedFlag = 0x10;

  // `tid`: the thread the trace belongs to; `code` may be null.
  BtsDecoder(int32_t tid, CodeReader* code);

  // Decodes bytes that start at running offset `streamOffset`; offsets
  // must follow on from the previous call unless `lostBytes` says data was
  // skipped.
  void decode(const uint8_t* data, size_t size, uint64_t streamOffset, uint64_t lostBytes = 0);
  void decode(const AuxRingSpan& span) {
    decode(span.bytes.data(), span.bytes.size(), span.streamOffset, span.lostBytes);
  }

  // Branches decoded since the last take().
  std::vector<TakenBranch> take();
  uint64_t branchesDecoded() const { return nextIndex_; }
  uint64_t predictedBranches() const { return predicted_; }
  uint64_t paddingRecords() const { return padding_; }
  uint64_t lostBytes() const { return lost_; }

 private:
  void decodeRecord(const uint8_t* record);
  BranchKind kindOf(uint64_t from, uint64_t to);

  int32_t tid_;
  CodeReader* code_;
  BranchClassifier classifier_;
  std::vector<uint8_t> partial_;  // the start of a record cut by the end of the last read
  bool started_ = false;
  uint64_t expectedOffset_ = 0;  // running offset the next read should start at
  uint64_t nextIndex_ = 0;
  uint64_t predicted_ = 0;
  uint64_t padding_ = 0;
  uint64_t lost_ = 0;
  std::vector<TakenBranch> pending_;
};

}  // namespace rwd
