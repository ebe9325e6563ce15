// TrampolinePlan: the moved instructions, the proof that B is their only way in, and the trampoline's bytes.
#include "probe/TrampolinePlan.h"

#include <cstring>
#include <optional>

#include "probe/DecodedInstruction.h"
#include "probe/FunctionCode.h"

namespace rwd {

namespace {

std::optional<int32_t> relative32(uint64_t from, uint64_t to) {
  const auto difference = static_cast<int64_t>(to - from);
  if (difference < INT32_MIN || difference > INT32_MAX) return std::nullopt;
  return static_cast<int32_t>(difference);
}

void putJump(std::vector<uint8_t>& out, int32_t displacement) {
  out.push_back(0xe9);
  uint8_t bytes[4];
  std::memcpy(bytes, &displacement, 4);
  out.insert(out.end(), bytes, bytes + 4);
}

}  // namespace

uint32_t TrampolinePlan::movedLength() const {
  return moved.empty() ? 0 : moved.back().offset + static_cast<uint32_t>(moved.back().bytes.size());
}

bool TrampolinePlan::reaches(uint64_t from, uint64_t to) { return relative32(from + kJumpSize, to).has_value(); }

std::array<uint8_t, TrampolinePlan::kJumpSize> TrampolinePlan::jumpTo(uint64_t original, uint64_t trampoline) {
  std::array<uint8_t, kJumpSize> jump{0xe9};
  const int32_t displacement = relative32(original + kJumpSize, trampoline).value_or(0);
  std::memcpy(jump.data() + 1, &displacement, 4);
  return jump;
}

TrampolinePlan TrampolinePlan::plan(const ProbeSite& site) {
  TrampolinePlan plan;
  std::vector<DecodedInstruction> instructions;
  const auto code = DecodedInstruction::decodeFunction(site, instructions, plan.why);
  if (!code) return plan;
  if (code->target == code->entry) {
    plan.why = "it is the entry of " + code->name;
    return plan;
  }
  if (code->hasLandingPads) {
    plan.why = code->name + " has exception landing pads";
    return plan;
  }
  size_t first = instructions.size();
  for (size_t i = 0; i < instructions.size(); ++i) {
    if (instructions[i].indirectJump) {
      plan.why = code->name + " has an indirect jump (" + instructions[i].text + ")";
      return plan;
    }
    if (instructions[i].address == code->target) first = i;
  }
  if (first == instructions.size()) {
    plan.why = "it is not on an instruction boundary of " + code->name;
    return plan;
  }
  uint64_t length = 0;
  std::string names;
  for (size_t i = first; length < kJumpSize; ++i) {
    if (i == instructions.size() || instructions[i].address != code->target + length) {
      plan.why = "fewer than 5 bytes of straight code follow it";
      plan.moved.clear();
      return plan;
    }
    const DecodedInstruction& instruction = instructions[i];
    if (instruction.movesControl || instruction.readsRipOtherwise || instruction.endbr) {
      plan.why = "the " + instruction.text + " within 5 bytes of it cannot be moved";
      plan.moved.clear();
      return plan;
    }
    MovedInstruction moved;
    moved.offset = static_cast<uint32_t>(length);
    moved.bytes.assign(instruction.bytes, instruction.bytes + instruction.size);
    moved.ripRelative = instruction.ripRelative;
    moved.displacementOffset = instruction.displacementOffset;
    plan.moved.push_back(moved);
    names += (names.empty() ? "" : ", ") + instruction.text.substr(0, instruction.text.find(' '));
    length += instruction.size;
  }
  for (const auto& instruction : instructions) {
    if (instruction.relative && instruction.target > code->target && instruction.target < code->target + length) {
      plan.why = "the " + instruction.text + " jumps into the bytes the patch would cover";
      plan.moved.clear();
      return plan;
    }
  }
  plan.possible = true;
  plan.description = names;
  return plan;
}

std::vector<uint8_t> TrampolinePlan::code(uint64_t original, uint64_t trampoline, RelocatedRange& range) const {
  // lea -128(%rsp),%rsp; nop5 (the probe); lea 128(%rsp),%rsp
  std::vector<uint8_t> out = {0x48, 0x8d, 0x64, 0x24, 0x80, 0x0f, 0x1f, 0x44, 0x00,
                              0x00, 0x48, 0x8d, 0xa4, 0x24, 0x80, 0x00, 0x00, 0x00};
  range = RelocatedRange{};
  range.original = original;
  range.trampoline = trampoline;
  range.entrySize = kEntrySize;
  range.entryStackShift = kStackShift;
  range.entryShiftEnd = kEntrySize;
  for (const auto& instruction : moved) {
    const auto at = static_cast<uint32_t>(out.size());
    std::vector<uint8_t> bytes = instruction.bytes;
    if (instruction.ripRelative) {
      // The operand's target stays where it was: displacement + (old place - new place).
      int32_t displacement = 0;
      std::memcpy(&displacement, bytes.data() + instruction.displacementOffset, 4);
      const uint64_t target = original + instruction.offset + bytes.size() + static_cast<int64_t>(displacement);
      const auto moved32 = relative32(trampoline + at + bytes.size(), target);
      if (!moved32) return {};
      std::memcpy(bytes.data() + instruction.displacementOffset, &*moved32, 4);
    }
    range.instructions.emplace_back(instruction.offset, at);
    out.insert(out.end(), bytes.begin(), bytes.end());
  }
  const auto at = static_cast<uint32_t>(out.size());
  range.instructions.emplace_back(movedLength(), at);
  const auto back = relative32(trampoline + at + kJumpSize, original + movedLength());
  if (!back) return {};
  putJump(out, *back);
  return out;
}

}  // namespace rwd
