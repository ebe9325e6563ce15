// BpfAssembler: instruction encoding for the helper's own BPF programs.
#include "probe/BpfAssembler.h"

#include <stdexcept>
#include <string>

namespace rwd {

BpfAssembler::Label BpfAssembler::newLabel() {
  labelAt_.push_back(-1);
  return static_cast<Label>(labelAt_.size() - 1);
}

void BpfAssembler::bind(Label label) { labelAt_.at(label) = static_cast<int>(code_.size()); }

bool BpfAssembler::isUsed(Label label) const {
  for (const auto& fixup : fixups_) {
    if (fixup.second == label) return true;
  }
  return false;
}

void BpfAssembler::emit(uint8_t code, int dst, int src, int16_t offset, int32_t immediate) {
  bpf_insn instruction{};
  instruction.code = code;
  instruction.dst_reg = static_cast<uint8_t>(dst);
  instruction.src_reg = static_cast<uint8_t>(src);
  instruction.off = offset;
  instruction.imm = immediate;
  code_.push_back(instruction);
}

void BpfAssembler::emitJump(uint8_t code, int dst, int src, int32_t immediate, Label target) {
  fixups_.emplace_back(code_.size(), target);
  emit(code, dst, src, 0, immediate);
}

void BpfAssembler::moveImmediate(int dst, int32_t value) { emit(BPF_ALU64 | BPF_MOV | BPF_K, dst, 0, 0, value); }

void BpfAssembler::moveRegister(int dst, int src) { emit(BPF_ALU64 | BPF_MOV | BPF_X, dst, src, 0, 0); }

void BpfAssembler::loadImmediate64(int dst, uint64_t value) {
  emit(BPF_LD | BPF_DW | BPF_IMM, dst, 0, 0, static_cast<int32_t>(value & 0xffffffffu));
  emit(0, 0, 0, 0, static_cast<int32_t>(value >> 32));
}

void BpfAssembler::loadMap(int dst, int mapFd) {
  emit(BPF_LD | BPF_DW | BPF_IMM, dst, BPF_PSEUDO_MAP_FD, 0, mapFd);
  emit(0, 0, 0, 0, 0);
}

void BpfAssembler::alu(int op, int dst, int32_t value) { emit(BPF_ALU64 | op | BPF_K, dst, 0, 0, value); }

void BpfAssembler::aluRegister(int op, int dst, int src) { emit(BPF_ALU64 | op | BPF_X, dst, src, 0, 0); }

void BpfAssembler::signedDivide(bool remainder, int dst, int src, int scratch) {
  // scratch = sign of the result: for a quotient both signs, for a
  // remainder the dividend's alone (C truncates towards zero).
  Label dividendPositive = newLabel();
  Label divisorPositive = newLabel();
  Label done = newLabel();
  moveImmediate(scratch, 0);
  jumpIf(BPF_JSGE, dst, 0, dividendPositive);
  alu(BPF_NEG, dst, 0);
  alu(BPF_XOR, scratch, 1);
  bind(dividendPositive);
  jumpIf(BPF_JSGE, src, 0, divisorPositive);
  alu(BPF_NEG, src, 0);
  if (!remainder) alu(BPF_XOR, scratch, 1);
  bind(divisorPositive);
  aluRegister(remainder ? BPF_MOD : BPF_DIV, dst, src);
  jumpIf(BPF_JEQ, scratch, 0, done);
  alu(BPF_NEG, dst, 0);
  bind(done);
}

static uint8_t sizeCode(int size) {
  switch (size) {
    case 1:
      return BPF_B;
    case 2:
      return BPF_H;
    case 4:
      return BPF_W;
    case 8:
      return BPF_DW;
  }
  throw std::logic_error("BPF access of " + std::to_string(size) + " bytes");
}

void BpfAssembler::load(int size, int dst, int src, int16_t offset) {
  emit(BPF_LDX | BPF_MEM | sizeCode(size), dst, src, offset, 0);
}

void BpfAssembler::store(int size, int dst, int16_t offset, int src) {
  emit(BPF_STX | BPF_MEM | sizeCode(size), dst, src, offset, 0);
}

void BpfAssembler::storeImmediate(int size, int dst, int16_t offset, int32_t value) {
  emit(BPF_ST | BPF_MEM | sizeCode(size), dst, 0, offset, value);
}

void BpfAssembler::atomicFetchAdd(int dst, int16_t offset, int src) {
  emit(BPF_STX | BPF_ATOMIC | BPF_DW, dst, src, offset, BPF_ADD | BPF_FETCH);
}

void BpfAssembler::jumpIf(int op, int dst, int32_t value, Label target) {
  emitJump(BPF_JMP | op | BPF_K, dst, 0, value, target);
}

void BpfAssembler::jumpIfRegister(int op, int dst, int src, Label target) {
  emitJump(BPF_JMP | op | BPF_X, dst, src, 0, target);
}

void BpfAssembler::jump(Label target) { emitJump(BPF_JMP | BPF_JA, 0, 0, 0, target); }

void BpfAssembler::call(int helper) { emit(BPF_JMP | BPF_CALL, 0, 0, 0, helper); }

void BpfAssembler::callWithStackKey(int helper, int mapFd, int16_t keyOffset) {
  loadMap(1, mapFd);
  moveRegister(2, 10);
  alu(BPF_ADD, 2, keyOffset);
  call(helper);
}

void BpfAssembler::exit() { emit(BPF_JMP | BPF_EXIT, 0, 0, 0, 0); }

void BpfAssembler::extend(int reg, int size, bool isSigned) {
  if (size >= 8) return;
  const int shift = 64 - size * 8;
  alu(BPF_LSH, reg, shift);
  alu(isSigned ? BPF_ARSH : BPF_RSH, reg, shift);
}

std::vector<bpf_insn> BpfAssembler::finish() const {
  std::vector<bpf_insn> code = code_;
  for (const auto& [index, label] : fixups_) {
    const int target = labelAt_.at(label);
    if (target < 0) throw std::logic_error("BPF label used but never bound");
    code[index].off = static_cast<int16_t>(target - static_cast<int>(index) - 1);
  }
  return code;
}

}  // namespace rwd
