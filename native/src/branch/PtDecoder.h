// PtDecoder: an Intel Processor Trace into taken branches, with Debian's
// libipt (the instruction-flow decoder, pt_insn_*). The traced memory image
// is read through a CodeReader (libipt's read-memory callback), so the live
// process, a core file or a test's code buffer all serve. Every decoded
// instruction counts towards the index; a branch is an instruction whose
// successor is not the next one in memory (calls, returns and jumps always,
// conditional jumps when taken), plus asynchronous transfers (interrupts,
// signals) that the trace reports as events. Decoding errors do not stop
// it: it resynchronizes at the next PSB and says what it skipped.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "branch/BranchTypes.h"
#include "branch/CodeReader.h"

struct pt_asid;  // libipt

namespace rwd {

struct PtDecodeResult {
  std::vector<TakenBranch> branches;
  uint64_t instructions = 0;
  std::vector<std::string> problems;  // one sentence per skipped stretch or overflow
};

class PtDecoder {
 public:
  PtDecoder(CodeReader& code, int32_t tid) : code_(code), tid_(tid) {}
  // Decodes a whole trace buffer; indices start at `firstIndex`.
  PtDecodeResult decode(const uint8_t* trace, size_t size, uint64_t firstIndex = 0);

 private:
  static int readImage(uint8_t* buffer, size_t size, const ::pt_asid* asid, uint64_t ip, void* context);
  CodeReader& code_;
  int32_t tid_;
};

}  // namespace rwd
