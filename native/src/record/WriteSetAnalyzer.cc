// WriteSetAnalyzer: evaluating a digest's write recipe against registers.
#include "record/WriteSetAnalyzer.h"

#include <cstring>

namespace rwd {

namespace {

constexpr uint64_t kDirectionFlag = 1u << 10;

int64_t signExtend(uint64_t value, unsigned bytes) {
  if (bytes >= 8) return static_cast<int64_t>(value);
  const unsigned shift = 64 - bytes * 8;
  return static_cast<int64_t>(value << shift) >> shift;
}

// Floor division of a signed bit offset by a power-of-two number of bits.
int64_t floorDivide(int64_t value, int64_t divisor) {
  int64_t quotient = value / divisor;
  if ((value % divisor != 0) && ((value < 0) != (divisor < 0))) --quotient;
  return quotient;
}

void evaluateScatter(const DigestedInstruction& instruction, const WriteContext& context, WriteSet& out) {
  if (!context.vectors) {
    out.markUnknown("scatter store needs the vector registers");
    return;
  }
  uint8_t indices[64];
  const size_t indexBytes = size_t{instruction.elementCount} * instruction.indexSize;
  const size_t registerBytes = indexBytes <= 16 ? 16 : indexBytes <= 32 ? 32 : 64;
  if (!context.vectors->read(instruction.indexVector, registerBytes, indices)) {
    out.markUnknown("scatter store: its index register could not be read");
    return;
  }
  const user_regs_struct& regs = *context.registers;
  AddressExpression base = instruction.address;
  base.index = kNoRegister;
  const bool truncate = base.address32;
  base.address32 = false;
  const SegmentBase segment = base.segment;
  base.segment = SegmentBase::None;
  const uint64_t start = effectiveAddress(base, regs);
  for (unsigned lane = 0; lane < instruction.elementCount; ++lane) {
    uint64_t raw = 0;
    std::memcpy(&raw, indices + lane * instruction.indexSize, instruction.indexSize);
    uint64_t address =
        start + (static_cast<uint64_t>(signExtend(raw, instruction.indexSize)) << instruction.address.scaleShift);
    if (truncate) address &= 0xFFFFFFFFu;
    if (segment == SegmentBase::Fs) address += regs.fs_base;
    if (segment == SegmentBase::Gs) address += regs.gs_base;
    out.add(address, instruction.elementSize, true);
  }
}

}  // namespace

WriteSetAnalyzer::WriteSetAnalyzer(const XsaveLayout& xsave, RepeatedString repeatedString)
    : cache_(digester_), xsave_(xsave), repeatedString_(repeatedString) {}

const DigestedInstruction& WriteSetAnalyzer::analyze(const uint8_t* bytes, size_t available,
                                                     const user_regs_struct& regs, WriteSet& out,
                                                     const VectorRegisterReader* vectors) {
  const DigestedInstruction& instruction = cache_.lookup(regs.rip, bytes, available);
  WriteContext context;
  context.registers = &regs;
  context.xsave = &xsave_;
  context.repeatedString = repeatedString_;
  context.vectors = vectors;
  evaluate(instruction, context, out);
  return instruction;
}

void WriteSetAnalyzer::evaluate(const DigestedInstruction& instruction, const WriteContext& context, WriteSet& out) {
  out.reset();
  const user_regs_struct& regs = *context.registers;
  switch (instruction.recipe) {
    case WriteRecipe::None:
      return;
    case WriteRecipe::Operand:
      out.add(effectiveAddress(instruction.address, regs), instruction.size, instruction.maybePartial);
      return;
    case WriteRecipe::Push:
      out.add(regs.rsp - instruction.size, instruction.size);
      return;
    case WriteRecipe::Enter: {
      const uint64_t level = instruction.size;
      const uint64_t bytes = level == 0 ? 8 : 8 * (level + 1);
      out.add(regs.rsp - bytes, bytes);
      return;
    }
    case WriteRecipe::StringStore: {
      const uint64_t mask = instruction.address.address32 ? 0xFFFFFFFFu : ~uint64_t{0};
      uint64_t count = instruction.repeated ? regs.rcx & mask : 1;
      if (count == 0) return;
      if (context.repeatedString == RepeatedString::OneIteration) count = 1;
      const uint64_t element = instruction.elementSize;
      const uint64_t destination = regs.rdi & mask;
      if (regs.eflags & kDirectionFlag) {
        out.add(destination - (count - 1) * element, count * element);
      } else {
        out.add(destination, count * element);
      }
      return;
    }
    case WriteRecipe::XsaveArea: {
      if (!context.xsave || context.xsave->areaSize == 0) {
        out.markUnknown("the size of this machine's xsave area is unknown");
        return;
      }
      const uint64_t requested = ((regs.rdx & 0xFFFFFFFFu) << 32) | (regs.rax & 0xFFFFFFFFu);
      out.add(effectiveAddress(instruction.address, regs),
              context.xsave->bytesWritten(requested, instruction.compactedXsave));
      return;
    }
    case WriteRecipe::BitString: {
      const int64_t offset = signExtend(registerValue(regs, instruction.offsetRegister), instruction.offsetWidth);
      const int64_t bits = int64_t{instruction.size} * 8;
      const uint64_t word = static_cast<uint64_t>(floorDivide(offset, bits) * int64_t{instruction.size});
      out.add(effectiveAddress(instruction.address, regs) + word, instruction.size);
      return;
    }
    case WriteRecipe::Scatter:
      evaluateScatter(instruction, context, out);
      return;
    case WriteRecipe::ImplicitRdi: {
      const uint64_t destination = instruction.address.address32 ? regs.rdi & 0xFFFFFFFFu : regs.rdi;
      out.add(destination, instruction.size, instruction.maybePartial);
      return;
    }
    case WriteRecipe::CacheLineAtRax: {
      const uint64_t rax = instruction.address.address32 ? regs.rax & 0xFFFFFFFFu : regs.rax;
      out.add(rax & ~uint64_t{63}, 64);
      return;
    }
    case WriteRecipe::Unknown:
      out.markUnknown(instruction.description.empty() ? "unknown instruction" : instruction.description);
      return;
  }
}

}  // namespace rwd
