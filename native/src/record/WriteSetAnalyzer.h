// WriteSetAnalyzer: given the code bytes at rip and the registers before the
// instruction runs, says exactly which memory the instruction may write, so
// the recorder can save those bytes' pre-images. It never runs ptrace itself.
// Ranges may be wider than what is written (masked stores, a whole xsave
// area), never narrower. A `rep` string store is either the whole remaining
// range (RepeatedString::WholeInstruction, right however the instruction is
// run) or one element (RepeatedString::OneIteration, right under
// PTRACE_SINGLESTEP, which traps after every iteration).
// System calls write nothing by themselves here: the kernel's writes come
// from SyscallEffects, signal frames from SignalFrameEffects.
#pragma once

#include <sys/user.h>

#include <cstddef>
#include <cstdint>

#include "record/DecodedInstructionCache.h"
#include "record/DigestedInstruction.h"
#include "record/InstructionDigester.h"
#include "record/VectorRegisterReader.h"
#include "record/WriteSet.h"
#include "record/XsaveLayout.h"

namespace rwd {

enum class RepeatedString { WholeInstruction, OneIteration };

struct WriteContext {
  const user_regs_struct* registers = nullptr;  // before the instruction; fs_base/gs_base included
  const XsaveLayout* xsave = nullptr;           // null: xsave-family instructions are unknown
  RepeatedString repeatedString = RepeatedString::WholeInstruction;
  const VectorRegisterReader* vectors = nullptr;  // needed only for scatters
};

class WriteSetAnalyzer {
 public:
  // `xsave`: XsaveLayout::query(), read once by the caller.
  explicit WriteSetAnalyzer(const XsaveLayout& xsave, RepeatedString repeatedString = RepeatedString::WholeInstruction);

  // Analyzes the instruction at regs.rip. Returns its digest (length, control
  // flow) and fills `out`. `vectors` may be null unless the digest needs it;
  // then `out` is unknown and the caller can retry with a reader.
  const DigestedInstruction& analyze(const uint8_t* bytes, size_t available, const user_regs_struct& regs,
                                     WriteSet& out, const VectorRegisterReader* vectors = nullptr);

  // The evaluation step alone, for an already digested instruction.
  static void evaluate(const DigestedInstruction& instruction, const WriteContext& context, WriteSet& out);

  DecodedInstructionCache& cache() { return cache_; }
  const InstructionDigester& digester() const { return digester_; }
  const XsaveLayout& xsaveLayout() const { return xsave_; }
  void setRepeatedString(RepeatedString mode) { repeatedString_ = mode; }

 private:
  InstructionDigester digester_;
  DecodedInstructionCache cache_;
  XsaveLayout xsave_;
  RepeatedString repeatedString_;
};

}  // namespace rwd
