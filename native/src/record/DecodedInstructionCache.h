// DecodedInstructionCache: digested instructions by code address, so that a
// recording step costs a hash lookup and a byte comparison instead of a
// decode. Each entry keeps the bytes it was decoded from; a lookup whose
// bytes differ (self-modifying or reloaded code) decodes again. The recorder
// also forgets ranges whose code it knows changed (munmap, mprotect, writes).
#pragma once

#include <cstddef>
#include <cstdint>
#include <unordered_map>

#include "record/DigestedInstruction.h"
#include "record/InstructionDigester.h"

namespace rwd {

class DecodedInstructionCache {
 public:
  explicit DecodedInstructionCache(const InstructionDigester& digester) : digester_(digester) {}

  // `bytes` are the code at `address` as it is now (breakpoint bytes already
  // replaced by the original ones): up to 15, fewer only at a mapping's end.
  const DigestedInstruction& lookup(uint64_t address, const uint8_t* bytes, size_t available);

  // Drops entries of instructions that overlap [start, start + length)
  // (a scan of the whole cache: meant for rare events such as munmap).
  void forget(uint64_t start, uint64_t length);
  void clear() { entries_.clear(); }

  size_t size() const { return entries_.size(); }
  uint64_t hits() const { return hits_; }
  uint64_t misses() const { return misses_; }

 private:
  struct Entry {
    uint8_t bytes[15];
    uint8_t checked = 0;  // how many of `bytes` the digest depended on
    DigestedInstruction digest;
  };
  const InstructionDigester& digester_;
  std::unordered_map<uint64_t, Entry> entries_;
  uint64_t hits_ = 0;
  uint64_t misses_ = 0;
};

}  // namespace rwd
