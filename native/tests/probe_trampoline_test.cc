// Test of the trampoline placement of probes (TrampolinePlan, RelocatedCode),
// without a kernel probe: the plan moves the instructions covering 5 bytes
// and refuses where another way into them exists (the function's entry, a
// jump into the covered bytes, an instruction that cannot move); the
// trampoline's code re-encodes a rip-relative operand for its new place and
// jumps back after the moved bytes; a thread found inside a trampoline is
// shown at the original place (its stack pointer as there inside the
// entry), and one about to run inside a live patch runs from the copy.
#include <unistd.h>

#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "probe/TrampolinePlan.h"
#include "process/RelocatedCode.h"
#include "support/Check.h"

using namespace rwd;

// Functions of this file the plan is asked about.
extern "C" char rwd_tramp_function[], rwd_tramp_site[], rwd_tramp_call_site[], rwd_tramp_jumped_site[];
asm(R"(
  .pushsection .text
  .globl rwd_tramp_function, rwd_tramp_site, rwd_tramp_call_site, rwd_tramp_jumped_site
  .type rwd_tramp_function, @function
  rwd_tramp_function:
    pushq %rbp
    movq %rsp, %rbp
  rwd_tramp_site:
    movq rwd_tramp_data(%rip), %rax
    addq $1, %rax
  rwd_tramp_call_site:
    movl $1, %ecx
    call rwd_tramp_leaf
    cmpq $0, %rax
    je 1f
  rwd_tramp_jumped_site:
    addq $2, %rax
  1:
    addq $3, %rax
    popq %rbp
    ret
  .size rwd_tramp_function, .-rwd_tramp_function
  .type rwd_tramp_leaf, @function
  rwd_tramp_leaf:
    ret
  .size rwd_tramp_leaf, .-rwd_tramp_leaf
  .popsection
  .pushsection .data
  rwd_tramp_data: .quad 7
  .popsection
)");

namespace {

ProbeSite siteOf(const char* symbol) {
  const auto site = ProbeSite::of(getpid(), reinterpret_cast<uint64_t>(symbol));
  CHECK(site.has_value());
  return site.value_or(ProbeSite{});
}

void checkPlans() {
  const TrampolinePlan movable = TrampolinePlan::plan(siteOf(rwd_tramp_site));
  CHECK(movable.possible);
  CHECK(movable.moved.size() == 1 || movable.moved.size() == 2);
  if (!movable.moved.empty()) {
    CHECK(movable.moved[0].ripRelative);  // movq rwd_tramp_data(%rip), %rax: 7 bytes
    CHECK(movable.moved[0].bytes.size() == 7);
    CHECK(movable.movedLength() == 7);
  }
  const TrampolinePlan entry = TrampolinePlan::plan(siteOf(rwd_tramp_function));
  CHECK(!entry.possible);
  CHECK(entry.why.find("entry") != std::string::npos);
  // movl $1, %ecx is 5 bytes: it alone is moved, the call after it stays.
  const TrampolinePlan beforeCall = TrampolinePlan::plan(siteOf(rwd_tramp_call_site));
  CHECK(beforeCall.possible && beforeCall.movedLength() == 5);
  // addq $2 (4 bytes) would take the next addq, the je's target, along.
  const TrampolinePlan jumpedInto = TrampolinePlan::plan(siteOf(rwd_tramp_jumped_site));
  CHECK(!jumpedInto.possible);
  CHECK(jumpedInto.why.find("jumps into") != std::string::npos);
  std::fprintf(stderr, "refusals: %s / %s\n", entry.why.c_str(), jumpedInto.why.c_str());
}

// mov rax, [rip+0x100]; add rax, 1 — moved from 0x400000 to a trampoline at 0x3ff000.
TrampolinePlan handMadePlan() {
  TrampolinePlan plan;
  plan.possible = true;
  plan.moved.push_back(MovedInstruction{0, {0x48, 0x8b, 0x05, 0x00, 0x01, 0x00, 0x00}, true, 3});
  plan.moved.push_back(MovedInstruction{7, {0x48, 0x83, 0xc0, 0x01}, false, 0});
  return plan;
}

void checkCode() {
  const TrampolinePlan plan = handMadePlan();
  RelocatedRange range;
  const std::vector<uint8_t> code = plan.code(0x400000, 0x3ff000, range);
  CHECK(code.size() == 18 + 7 + 4 + 5);
  if (code.size() != 34) return;
  const uint8_t entry[] = {0x48, 0x8d, 0x64, 0x24, 0x80, 0x0f, 0x1f, 0x44, 0x00,
                           0x00, 0x48, 0x8d, 0xa4, 0x24, 0x80, 0x00, 0x00, 0x00};
  CHECK(std::memcmp(code.data(), entry, sizeof entry) == 0);
  // The operand still names 0x400107: from the copy's end 0x3ff019, +0x10ee.
  int32_t displacement = 0;
  std::memcpy(&displacement, code.data() + 18 + 3, 4);
  CHECK(displacement == 0x400107 - 0x3ff019);
  CHECK(std::memcmp(code.data() + 25, plan.moved[1].bytes.data(), 4) == 0);
  // jmp back to 0x40000b from the jump's end 0x3ff022.
  CHECK(code[29] == 0xe9);
  int32_t back = 0;
  std::memcpy(&back, code.data() + 30, 4);
  CHECK(back == 0x40000b - 0x3ff022);
  const std::vector<std::pair<uint32_t, uint32_t>> offsets = {{0, 18}, {7, 25}, {11, 29}};
  CHECK(range.instructions == offsets);
  CHECK(range.original == 0x400000 && range.trampoline == 0x3ff000);
  // Out of a jump's reach: no code.
  RelocatedRange far;
  CHECK(plan.code(0x400000, 0x400000 + (3ull << 30), far).empty());
  const auto jump = TrampolinePlan::jumpTo(0x400000, 0x3ff000);
  const uint8_t expected[] = {0xe9, 0xfb, 0xef, 0xff, 0xff};
  CHECK(std::memcmp(jump.data(), expected, 5) == 0);
}

void checkTranslation() {
  RelocatedRange range;
  handMadePlan().code(0x400000, 0x3ff000, range);
  RelocatedCode relocated;
  relocated.add(range);
  bool exact = false;
  user_regs_struct regs{};
  // Inside the entry, after the lea: rsp is 128 lower than at the site.
  regs.rip = 0x3ff005;
  regs.rsp = 0x7000 - 128;
  CHECK(relocated.toOriginal(regs, exact) && exact);
  CHECK(regs.rip == 0x400000 && regs.rsp == 0x7000);
  regs.rip = 0x3ff000;
  regs.rsp = 0x7000;
  CHECK(relocated.toOriginal(regs, exact) && exact && regs.rip == 0x400000 && regs.rsp == 0x7000);
  // At the second moved instruction: shown at 0x400007, which a thread cannot run from while the jump is there.
  regs.rip = 0x3ff019;
  CHECK(relocated.toOriginal(regs, exact) && !exact && regs.rip == 0x400007);
  regs.rip = 0x3ff01d;  // the jump back: shown after the moved bytes
  CHECK(relocated.toOriginal(regs, exact) && exact && regs.rip == 0x40000b);
  regs.rip = 0x500000;
  CHECK(!relocated.toOriginal(regs, exact));
  CHECK(relocated.toTrampoline(0x400000, false) == std::optional<uint64_t>(0x3ff012));
  CHECK(relocated.toTrampoline(0x400000, true) == std::optional<uint64_t>(0x3ff000));
  CHECK(relocated.toTrampoline(0x400007, false) == std::optional<uint64_t>(0x3ff019));
  CHECK(!relocated.toTrampoline(0x400003, false));
  CHECK(!relocated.toTrampoline(0x40000b, false));
  CHECK(relocated.patchCovering(0x400004) == std::optional<uint64_t>(0x400000));
  relocated.takeOut(0x400000);
  // The original bytes are back: the trampoline still shows, and every place is exact.
  CHECK(!relocated.toTrampoline(0x400007, false));
  CHECK(!relocated.patchCovering(0x400004));
  regs.rip = 0x3ff019;
  CHECK(relocated.toOriginal(regs, exact) && exact && regs.rip == 0x400007);
}

}  // namespace

int main() {
  checkPlans();
  checkCode();
  checkTranslation();
  return checkFailures() ? 1 : 0;
}
