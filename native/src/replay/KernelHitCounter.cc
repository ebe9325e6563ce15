// KernelHitCounter: probes per address, the register predicate, exact stops.
#include "replay/KernelHitCounter.h"

#include <cstddef>

#include "probe/EmulatedApproach.h"
#include "registers/RegisterText.h"
#include "replay/ProcMemFile.h"
#include "replay/Ptrace.h"

namespace rwd {

namespace {

// The registers the present is recognised by, compared in the kernel.
constexpr unsigned long long user_regs_struct::*kComparedRegisters[] = {
    &user_regs_struct::rax, &user_regs_struct::rbx, &user_regs_struct::rcx, &user_regs_struct::rdx,
    &user_regs_struct::rsi, &user_regs_struct::rdi, &user_regs_struct::rbp, &user_regs_struct::rsp,
    &user_regs_struct::r8,  &user_regs_struct::r9,  &user_regs_struct::r10, &user_regs_struct::r11,
    &user_regs_struct::r12, &user_regs_struct::r13, &user_regs_struct::r14, &user_regs_struct::r15};
constexpr int32_t kFlagsCompared = ~((1 << 8) | (1 << 16));  // without the trap and resume flags

int16_t offsetOf(unsigned long long user_regs_struct::*field) {
  const user_regs_struct probe{};
  return static_cast<int16_t>(reinterpret_cast<const char*>(&(probe.*field)) - reinterpret_cast<const char*>(&probe));
}

}  // namespace

void KernelHitCounter::place(pid_t pid, uint64_t address, HitRule rule, PredicateEmitter predicate, uint64_t stopAt) {
  const std::optional<ProbeSite> site = ProbeSite::of(pid, address);
  if (!site)
    throw ProbeError("the replay's code at " + RegisterText::hex(address) + " is not in a mapped file for a uprobe");
  if (auto found = sites_.find(address); found != sites_.end()) engine_.remove(found->second.probe);
  ProbeRequest request;
  request.pid = pid;
  request.site = *site;
  // Where the kernel would step the instruction out of line, the probes sit
  // on the jumps that lead to it when those are all the ways in (a cheaper pass).
  request.approaches = EmulatedApproach::plan(*site).approaches;
  request.rule = rule;
  request.predicate = std::move(predicate);
  sites_[address] = Site{engine_.place(request), stopAt};
}

void KernelHitCounter::arm(pid_t pid, uint64_t address, uint64_t stopAtHit) {
  const HitRule rule = stopAtHit ? HitRule{HitRule::Kind::Equal, stopAtHit} : HitRule{HitRule::Kind::Never, 0};
  place(pid, address, rule, nullptr, stopAtHit);
}

void KernelHitCounter::armFrom(pid_t pid, uint64_t address, uint64_t firstStop) {
  place(pid, address, HitRule{HitRule::Kind::AtLeast, firstStop}, nullptr, 0);
}

void KernelHitCounter::armWhere(pid_t pid, uint64_t address, const user_regs_struct& registers) {
  PredicateEmitter sameState = [registers](BpfAssembler& code, const PredicateLabels& labels) {
    constexpr int ctx = ProbeEngine::kContextRegister;
    for (auto field : kComparedRegisters) {
      code.load(8, 1, ctx, offsetOf(field));
      code.loadImmediate64(2, registers.*field);
      code.jumpIfRegister(BPF_JNE, 1, 2, labels.isFalse);
    }
    code.load(8, 1, ctx, offsetOf(&user_regs_struct::eflags));
    code.alu(BPF_AND, 1, kFlagsCompared);
    code.loadImmediate64(2, registers.eflags & static_cast<uint64_t>(static_cast<int64_t>(kFlagsCompared)));
    code.jumpIfRegister(BPF_JNE, 1, 2, labels.isFalse);
  };
  place(pid, address, HitRule{HitRule::Kind::Always, 0}, std::move(sameState), 0);
}

bool KernelHitCounter::onStop(pid_t pid, int signal) {
  if (signal != ProbeEngine::kStopSignal || sites_.empty()) return false;
  const std::optional<SavedStop> saved = engine_.takeStop(pid);
  if (!saved) return false;
  // The signal came after the probed instruction: its state before it goes back.
  const user_regs_struct regs = saved->registersOver(Ptrace::registers(pid));
  Ptrace::setRegisters(pid, regs);
  if (!saved->overwritten.empty() &&
      !ProcMemFile(pid).write(saved->writeAddress, saved->overwritten.data(), saved->overwritten.size()))
    throw ProbeError("the bytes a counted instruction wrote at " + RegisterText::hex(saved->writeAddress) +
                     " cannot be put back in the replay");
  auto found = sites_.find(regs.rip);
  if (found == sites_.end() || found->second.probe != saved->probe)
    throw ProbeError("a kernel counting stop came from an unknown probe at " + RegisterText::hex(regs.rip));
  const Site& site = found->second;
  const uint64_t hit = engine_.counts(site.probe).passes;
  if (hit == site.stopAt || (onHit && onHit(regs.rip, hit))) {
    stopped_ = true;
    return true;
  }
  engine_.passOnce(site.probe, regs.rsp);  // the instruction runs again, uncounted
  return true;
}

uint64_t KernelHitCounter::hits() const {
  uint64_t total = 0;
  for (const auto& [address, site] : sites_) total += engine_.counts(site.probe).passes;
  return total;
}

uint64_t KernelHitCounter::hitsAt(uint64_t address) const {
  auto found = sites_.find(address);
  return found == sites_.end() ? 0 : engine_.counts(found->second.probe).passes;
}

void KernelHitCounter::disarm() {
  engine_.removeAll();
  sites_.clear();
}

}  // namespace rwd
