// BpfAssembler: writes eBPF instructions for the probe programs the helper
// builds itself (no compiler at run time) — moves, 64-bit arithmetic,
// loads and stores, helper calls, map references, and jumps to labels
// that are bound later and patched when the program is finished.
#pragma once

#include <linux/bpf.h>

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace rwd {

class BpfAssembler {
 public:
  using Label = int;

  Label newLabel();
  // The next instruction is where `label` jumps to.
  void bind(Label label);
  // Whether a jump to `label` was written (the verifier refuses code that
  // nothing reaches).
  bool isUsed(Label label) const;

  void moveImmediate(int dst, int32_t value);
  void moveRegister(int dst, int src);
  // A full 64-bit constant (two instruction slots).
  void loadImmediate64(int dst, uint64_t value);
  // The map with this file descriptor, as the kernel expects it in a program.
  void loadMap(int dst, int mapFd);
  // dst = dst <op> value / src, 64 bits wide (op: BPF_ADD, BPF_SUB, BPF_MUL, BPF_DIV, BPF_MOD,
  // BPF_AND, BPF_OR, BPF_XOR, BPF_LSH, BPF_RSH, BPF_ARSH, BPF_NEG).
  void alu(int op, int dst, int32_t value);
  void aluRegister(int op, int dst, int src);
  // Signed division and remainder, which classic eBPF lacks: through
  // absolute values and the signs of the operands (clobbers `scratch`).
  void signedDivide(bool remainder, int dst, int src, int scratch);
  // dst = *(size *)(src + offset); size is 1, 2, 4 or 8.
  void load(int size, int dst, int src, int16_t offset);
  void store(int size, int dst, int16_t offset, int src);
  void storeImmediate(int size, int dst, int16_t offset, int32_t value);
  // *(u64 *)(dst + offset) += src, atomically; src receives the old value.
  void atomicFetchAdd(int dst, int16_t offset, int src);
  // Conditional jumps (op: BPF_JEQ, BPF_JNE, BPF_JGT, BPF_JGE, BPF_JLT, BPF_JLE,
  // BPF_JSGT, BPF_JSGE, BPF_JSLT, BPF_JSLE, BPF_JSET) and the unconditional one.
  void jumpIf(int op, int dst, int32_t value, Label target);
  void jumpIfRegister(int op, int dst, int src, Label target);
  void jump(Label target);
  void call(int helper);
  // A map helper (lookup, delete) on the map `mapFd` with the key at r10 + keyOffset.
  void callWithStackKey(int helper, int mapFd, int16_t keyOffset);
  void exit();
  // Sign- or zero-extends the low `size` bytes of `reg` to 64 bits.
  void extend(int reg, int size, bool isSigned);

  // The finished program; throws std::logic_error when a used label was never bound.
  std::vector<bpf_insn> finish() const;
  size_t size() const { return code_.size(); }

 private:
  void emit(uint8_t code, int dst, int src, int16_t offset, int32_t immediate);
  void emitJump(uint8_t code, int dst, int src, int32_t immediate, Label target);

  std::vector<bpf_insn> code_;
  std::vector<int> labelAt_;                      // instruction index, -1 until bound
  std::vector<std::pair<size_t, Label>> fixups_;  // jump instruction → its label
};

}  // namespace rwd
