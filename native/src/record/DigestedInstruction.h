// DigestedInstruction: what the recorder needs to know about one decoded
// x86-64 instruction, pre-digested so that the per-step work is arithmetic on
// registers: its length, its control flow, and a recipe for the memory it may
// write. Produced once per code address by InstructionDigester and kept in
// DecodedInstructionCache; evaluated against registers by WriteSetAnalyzer.
#pragma once

#include <sys/user.h>

#include <cstdint>
#include <string>

#include "record/RegisterSlot.h"

namespace rwd {

enum class SegmentBase : uint8_t { None, Fs, Gs };

// base + (index << scaleShift) + displacement, truncated to 32 bits when the
// instruction uses 32-bit addressing, plus fs_base/gs_base for fs:/gs:.
// Rip-relative operands are resolved at digest time: base is kNoRegister and
// displacement holds the absolute target.
struct AddressExpression {
  RegisterSlot base = kNoRegister;
  RegisterSlot index = kNoRegister;
  uint8_t scaleShift = 0;
  SegmentBase segment = SegmentBase::None;
  bool address32 = false;
  int64_t displacement = 0;
};

// The address an AddressExpression names with these registers.
inline uint64_t effectiveAddress(const AddressExpression& expression, const user_regs_struct& regs) {
  uint64_t address = static_cast<uint64_t>(expression.displacement);
  if (expression.base != kNoRegister) address += registerValue(regs, expression.base);
  if (expression.index != kNoRegister) address += registerValue(regs, expression.index) << expression.scaleShift;
  if (expression.address32) address &= 0xFFFFFFFFu;
  if (expression.segment == SegmentBase::Fs) address += regs.fs_base;
  if (expression.segment == SegmentBase::Gs) address += regs.gs_base;
  return address;
}

enum class WriteRecipe : uint8_t {
  None,            // writes no memory
  Operand,         // [address, address + size)
  Push,            // [rsp - size, rsp): push, pushf, call
  Enter,           // enter: size holds the nesting level
  StringStore,     // movs/stos/ins at [rdi]: elementSize, repeated, direction flag
  XsaveArea,       // [address, +XsaveLayout::bytesWritten(EDX:EAX, compactedXsave))
  BitString,       // bts/btr/btc m, reg: the word selected by the bit offset
  Scatter,         // EVEX scatter: one element per index lane of a vector register
  ImplicitRdi,     // maskmovq/maskmovdqu/vmaskmovdqu: [rdi, rdi + size)
  CacheLineAtRax,  // clzero: the 64-byte line holding rax
  Unknown,         // cannot tell; `description` says why
};

namespace flow {
constexpr uint8_t kCall = 1;           // pushes a return address
constexpr uint8_t kReturn = 2;         // ret, iret
constexpr uint8_t kBranch = 4;         // any transfer of control (jmp, jcc, loop, call, ret)
constexpr uint8_t kConditional = 8;    // jcc, loop*, jrcxz
constexpr uint8_t kStaticTarget = 16;  // branchTarget is valid
constexpr uint8_t kSystemCall = 32;    // syscall: the kernel's writes come from SyscallEffects
constexpr uint8_t kTrap = 64;          // int3, int n, ud2, hlt...: a signal follows, no memory written
}  // namespace flow

struct DigestedInstruction {
  uint8_t length = 0;       // 0 when the bytes could not be decoded
  uint8_t controlFlow = 0;  // flow:: bits
  WriteRecipe recipe = WriteRecipe::None;
  bool maybePartial = false;                  // masked / fault-suppressing store
  bool repeated = false;                      // rep prefix on a string store
  bool compactedXsave = false;                // xsavec/xsaves: compacted format
  uint8_t elementSize = 0;                    // string stores and scatters
  uint8_t elementCount = 0;                   // scatters
  uint8_t indexVector = 0;                    // scatters: number of the vector register holding the indices
  uint8_t indexSize = 0;                      // scatters: 4 or 8 byte indices
  RegisterSlot offsetRegister = kNoRegister;  // bit strings: the register holding the bit offset
  uint8_t offsetWidth = 0;                    // bit strings: its width in bytes
  uint32_t size = 0;                          // bytes written (Operand, Push, ImplicitRdi); level for Enter
  AddressExpression address;
  uint64_t branchTarget = 0;
  std::string description;  // only for Unknown: the instruction and why it is not handled

  bool isCall() const { return controlFlow & flow::kCall; }
  bool isReturn() const { return controlFlow & flow::kReturn; }
  bool isBranch() const { return controlFlow & flow::kBranch; }
  bool isConditional() const { return controlFlow & flow::kConditional; }
  bool hasStaticTarget() const { return controlFlow & flow::kStaticTarget; }
  bool isSystemCall() const { return controlFlow & flow::kSystemCall; }
  bool needsVectorRegisters() const { return recipe == WriteRecipe::Scatter; }
};

}  // namespace rwd
