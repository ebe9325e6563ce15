// CapstoneHandle: one Capstone handle for x86-64 in Intel syntax, opened
// once and closed with its owner, that decodes the first instruction of a
// run of bytes and lends it to the caller. Disassembler (text for the
// listing) and InstructionDecoder (what control flow needs) both read
// instructions through it.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>

struct cs_insn;

namespace rwd {

class CapstoneHandle {
 public:
  // `withDetails`: Capstone fills in instruction groups (calls, returns, interrupts).
  explicit CapstoneHandle(bool withDetails);
  ~CapstoneHandle();
  CapstoneHandle(const CapstoneHandle&) = delete;
  CapstoneHandle& operator=(const CapstoneHandle&) = delete;
  // Decodes the first instruction of `bytes` (as found at `address`) and
  // calls `use` with it; false when the bytes are not a valid instruction
  // (or too few).
  bool decodeFirst(const uint8_t* bytes, size_t size, uint64_t address,
                   const std::function<void(const cs_insn&)>& use) const;
  // Whether the decoded instruction belongs to the Capstone group `group`
  // (CS_GRP_CALL, …); needs `withDetails`.
  bool inGroup(const cs_insn& instruction, int group) const;

 private:
  size_t handle_ = 0;
};

}  // namespace rwd
