// BtsDecoder: little-endian 64-bit fields, record boundaries from running
// offsets, kinds from Capstone where the code can be read.
#include "branch/BtsDecoder.h"

#include <cstring>

namespace rwd {

namespace {
uint64_t readLittleEndian64(const uint8_t* bytes) {
  uint64_t value = 0;
  for (int i = 7; i >= 0; --i) value = (value << 8) | bytes[i];
  return value;
}
bool isKernelAddress(uint64_t address) { return address >= 0xffff800000000000ull; }
}  // namespace

BtsDecoder::BtsDecoder(int32_t tid, CodeReader* code) : tid_(tid), code_(code) {}

void BtsDecoder::decode(const uint8_t* data, size_t size, uint64_t streamOffset, uint64_t lostBytes) {
  const bool gap = lostBytes > 0 || (started_ && streamOffset != expectedOffset_);
  const bool misalignedStart = !started_ && streamOffset % kRecordSize != 0;
  started_ = true;
  if (gap || misalignedStart) {
    // Data went missing (or the first read began mid-record): the cut
    // record is useless; realign on a record boundary.
    if (lostBytes > 0) lost_ += lostBytes;
    else if (gap) lost_ += streamOffset > expectedOffset_ ? streamOffset - expectedOffset_ : 0;
    partial_.clear();
    const uint64_t misalignment = streamOffset % kRecordSize;
    const uint64_t skip = misalignment ? kRecordSize - misalignment : 0;
    if (skip >= size) {
      expectedOffset_ = streamOffset + size;
      return;
    }
    data += skip;
    size -= skip;
    streamOffset += skip;
  }
  expectedOffset_ = streamOffset + size;
  if (!partial_.empty()) {
    const size_t needed = kRecordSize - partial_.size();
    const size_t taken = needed < size ? needed : size;
    partial_.insert(partial_.end(), data, data + taken);
    data += taken;
    size -= taken;
    if (partial_.size() < kRecordSize) return;
    decodeRecord(partial_.data());
    partial_.clear();
  }
  while (size >= kRecordSize) {
    decodeRecord(data);
    data += kRecordSize;
    size -= kRecordSize;
  }
  partial_.assign(data, data + size);
}

void BtsDecoder::decodeRecord(const uint8_t* record) {
  const uint64_t from = readLittleEndian64(record);
  const uint64_t to = readLittleEndian64(record + 8);
  const uint64_t flags = readLittleEndian64(record + 16);
  if (from == 0 && to == 0) {
    ++padding_;
    return;
  }
  if (flags & kPredictedFlag) ++predicted_;
  pending_.push_back({nextIndex_++, from, to, kindOf(from, to), tid_});
}

BranchKind BtsDecoder::kindOf(uint64_t from, uint64_t to) {
  if (isKernelAddress(from) && !isKernelAddress(to))
    return BranchKind::Signal;  // back from an interrupt or signal delivery
  if (!code_) return BranchKind::Unknown;
  uint8_t bytes[15];
  size_t got = code_->readCode(from, bytes, sizeof bytes);
  if (got == 0) return BranchKind::Unknown;
  InstructionShape shape = classifier_.classify(bytes, got, from);
  switch (shape.flow) {
    case InstructionFlow::Call:
      return BranchKind::Call;
    case InstructionFlow::Return:
      return BranchKind::Return;
    case InstructionFlow::Jump:
      return BranchKind::Jump;
    case InstructionFlow::ConditionalJump:
      return BranchKind::Conditional;
    case InstructionFlow::SystemCall:
      return BranchKind::SystemCall;
    case InstructionFlow::Sequential:
      return BranchKind::Signal;
    case InstructionFlow::Undecodable:
      return BranchKind::Unknown;
  }
  return BranchKind::Unknown;
}

std::vector<TakenBranch> BtsDecoder::take() {
  std::vector<TakenBranch> out;
  out.swap(pending_);
  return out;
}

}  // namespace rwd
