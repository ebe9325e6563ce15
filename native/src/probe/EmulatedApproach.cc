// EmulatedApproach: B's predecessors, and whether the kernel emulates them.
#include "probe/EmulatedApproach.h"

#include <cstring>
#include <sstream>

#include "probe/DecodedInstruction.h"
#include "probe/FunctionCode.h"

namespace rwd {

namespace {

// The nops the x86-64 kernel emulates at a uprobe (its x86_nops table).
const std::vector<std::vector<uint8_t>>& kernelNops() {
  static const std::vector<std::vector<uint8_t>> nops = {
      {0x90},
      {0x66, 0x90},
      {0x0f, 0x1f, 0x00},
      {0x0f, 0x1f, 0x40, 0x00},
      {0x0f, 0x1f, 0x44, 0x00, 0x00},
      {0x66, 0x0f, 0x1f, 0x44, 0x00, 0x00},
      {0x0f, 0x1f, 0x80, 0x00, 0x00, 0x00, 0x00},
      {0x0f, 0x1f, 0x84, 0x00, 0x00, 0x00, 0x00, 0x00},
  };
  return nops;
}

bool isKernelNop(const uint8_t* bytes, size_t size) {
  for (const auto& nop : kernelNops()) {
    if (nop.size() == size && std::memcmp(nop.data(), bytes, size) == 0) return true;
  }
  // Any number of 0x66 prefixes before 0x90.
  size_t i = 0;
  while (i < size && bytes[i] == 0x66) ++i;
  return i + 1 == size && bytes[i] == 0x90;
}

// A jmp or jcc with a relative target and no prefix: the branches the
// kernel emulates that change nothing but rip. The jcc's condition in `condition`.
enum class Branch { None, Jump, Conditional };
Branch relativeBranch(const uint8_t* bytes, size_t size, uint8_t& condition) {
  if (size == 2 && bytes[0] == 0xeb) return Branch::Jump;
  if (size == 5 && bytes[0] == 0xe9) return Branch::Jump;
  if (size == 2 && bytes[0] >= 0x70 && bytes[0] <= 0x7f) {
    condition = bytes[0] & 0x0f;
    return Branch::Conditional;
  }
  if (size == 6 && bytes[0] == 0x0f && bytes[1] >= 0x80 && bytes[1] <= 0x8f) {
    condition = bytes[1] & 0x0f;
    return Branch::Conditional;
  }
  return Branch::None;
}

using Decoded = DecodedInstruction;

std::string hex(uint64_t value) {
  std::ostringstream out;
  out << "0x" << std::hex << value;
  return out.str();
}

}  // namespace

bool EmulatedApproach::kernelEmulates(const uint8_t* bytes, size_t size) {
  uint8_t condition = 0;
  if (relativeBranch(bytes, size, condition) != Branch::None || isKernelNop(bytes, size)) return true;
  if (size == 5 && bytes[0] == 0xe8) return true;                      // call rel32
  if (size == 1 && bytes[0] >= 0x50 && bytes[0] <= 0x57) return true;  // push of a register
  return size == 2 && bytes[0] == 0x41 && bytes[1] >= 0x50 && bytes[1] <= 0x57;
}

ApproachPlan EmulatedApproach::plan(const ProbeSite& target) {
  ApproachPlan plan;
  std::vector<DecodedInstruction> instructions;
  const auto code = DecodedInstruction::decodeFunction(target, instructions, plan.why);
  if (!code) return plan;
  const Decoded* atTarget = nullptr;
  for (const auto& instruction : instructions) {
    if (instruction.address == code->target) atTarget = &instruction;
  }
  if (!atTarget) {
    plan.why = "it is not on an instruction boundary of " + code->name;
    return plan;
  }
  if (kernelEmulates(atTarget->bytes, atTarget->size)) {
    plan.emulatedAtSite = true;
    plan.description = "on its " + atTarget->text + ", which the kernel emulates";
    return plan;
  }
  const std::string stepped = "its " + atTarget->text + " is stepped out of line";
  if (code->target == code->entry) {
    plan.why = stepped + " and it is the entry of " + code->name;
    return plan;
  }
  if (atTarget->endbr) {
    plan.why = stepped + " and it is an indirect-branch target";
    return plan;
  }
  if (code->hasLandingPads) {
    plan.why = stepped + " and " + code->name + " has exception landing pads";
    return plan;
  }
  std::vector<std::string> names;
  for (const auto& instruction : instructions) {
    if (instruction.indirectJump) {
      plan.why = stepped + " and " + code->name + " has an indirect jump (" + instruction.text + ")";
      return plan;
    }
    const bool jumpsThere = instruction.relative && instruction.target == code->target;
    const bool fallsThere = !instruction.endsFlow && instruction.address + instruction.size == code->target;
    if (!jumpsThere && !fallsThere) continue;
    uint8_t condition = 0;
    const Branch branch = relativeBranch(instruction.bytes, instruction.size, condition);
    BranchTest test;
    if (branch == Branch::Jump ||
        (branch == Branch::None && !jumpsThere && isKernelNop(instruction.bytes, instruction.size))) {
      test.kind = BranchTest::Kind::Always;
    } else if (branch == Branch::Conditional) {
      test.condition = condition;
      test.kind = jumpsThere && fallsThere ? BranchTest::Kind::Always
                  : jumpsThere             ? BranchTest::Kind::Taken
                                           : BranchTest::Kind::NotTaken;
    } else {
      plan.why = stepped + " and it is reached from " + hex(instruction.address) + " (" + instruction.text +
                 "), which the kernel does not emulate";
      plan.approaches.clear();
      return plan;
    }
    plan.approaches.push_back(ProbeApproach{code->siteOf(target, instruction.address), test});
    names.push_back(instruction.text.substr(0, instruction.text.find(' ')));
  }
  if (plan.approaches.empty()) {
    plan.why = stepped + " and no jump in " + code->name + " leads to it";
    return plan;
  }
  std::string list;
  for (size_t i = 0; i < names.size(); ++i) list += (i ? ", " : "") + names[i];
  plan.description = plan.approaches.size() == 1
                         ? "on the " + list + " before it, which the kernel emulates"
                         : "on the " + std::to_string(names.size()) + " instructions that lead to it (" + list +
                               "), which the kernel emulates";
  return plan;
}

}  // namespace rwd
