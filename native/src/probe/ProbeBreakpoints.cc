// ProbeBreakpoints: placing kernel-judged breakpoints and reading their stops.
#include "probe/ProbeBreakpoints.h"

#include "probe/ProbeSupport.h"

namespace rwd {

namespace {

HitRule ruleOf(const HitCondition& condition) {
  switch (condition.op()) {
    case HitCondition::Op::Always:
      return HitRule{HitRule::Kind::Always, 0};
    case HitCondition::Op::Equal:
      return HitRule{HitRule::Kind::Equal, static_cast<uint64_t>(condition.operand())};
    case HitCondition::Op::AtLeast:
      return HitRule{HitRule::Kind::AtLeast, static_cast<uint64_t>(condition.operand())};
    case HitCondition::Op::Greater:
      return HitRule{HitRule::Kind::Greater, static_cast<uint64_t>(condition.operand())};
    case HitCondition::Op::Multiple:
      return HitRule{HitRule::Kind::Multiple, static_cast<uint64_t>(condition.operand())};
  }
  return {};
}

std::string byDebugger(const std::string& what, const std::string& why) {
  std::string reason = why;
  while (!reason.empty() && reason.back() == '.') reason.pop_back();
  return what + " judged by the debugger (each pass stops the program briefly): " + reason + ".";
}

}  // namespace

bool ProbeBreakpoints::place(const UserBreakpoint& breakpoint, uint64_t address, std::string& note) {
  const std::string what = breakpoint.condition.empty() ? "Hit count" : "Condition";
  if (const auto& reason = ProbeSupport::unavailableReason(); !reason.empty()) {
    note = byDebugger(what, reason);
    return false;
  }
  const auto site = ProbeSite::of(pid_, address);
  if (!site) {
    note = byDebugger(what, "the code is not in a file (JIT or anonymous memory), where no uprobe can be placed");
    return false;
  }
  if (breakpoint.hitCondition.operand() > INT32_MAX) {
    note = byDebugger(what, "the hit count is above 2147483647");
    return false;
  }
  const auto original = site->originalByte();
  if (!original) {
    note = byDebugger(what, "the code's file " + site->path + " cannot be read");
    return false;
  }
  ProbeRequest request{pid_, *site, {}, ruleOf(breakpoint.hitCondition)};
  // Where the probe sits: on the site when the kernel emulates its
  // instruction, else on the instructions that lead to it where that is
  // exact, else on the site (each pass stepped out of line).
  const ApproachPlan plan = EmulatedApproach::plan(*site);
  request.approaches = plan.approaches;
  std::vector<std::pair<uint64_t, uint8_t>> foreign;  // the probe's int3s: address, original byte
  if (request.approaches.empty()) foreign.emplace_back(address, *original);
  for (const auto& approach : request.approaches) {
    const auto byte = approach.site.originalByte();
    if (!byte) {
      note = byDebugger(what, "the code's file " + site->path + " cannot be read");
      return false;
    }
    foreign.emplace_back(approach.site.address, *byte);
  }
  try {
    if (!breakpoint.condition.empty())
      request.predicate = ConditionCompiler::compile(breakpoint.condition, scopeAt_(address));
    const int probe = engine_.place(request);
    probes_[{breakpoint.id, address}] = Placed{probe, foreign};
    seen_[probe] = Seen{};
    for (const auto& [at, byte] : foreign) memory_.addForeignSite(at, byte);
  } catch (const std::exception& error) {  // ConditionNotCompiled, ProbeError, or the parser's DebugError
    note = byDebugger(what, error.what());
    return false;
  }
  note = what + (breakpoint.condition.empty() ? " kept" : " judged") + " in the kernel (uprobe + BPF)" +
         (plan.description.empty() ? "; each pass is stepped out of line: " + plan.why : ", " + plan.description) + ".";
  return true;
}

void ProbeBreakpoints::remove(int id, uint64_t address) {
  auto found = probes_.find({id, address});
  if (found == probes_.end()) return;
  engine_.remove(found->second.probe);
  seen_.erase(found->second.probe);
  for (const auto& [at, byte] : found->second.foreign) memory_.removeForeignSite(at);
  probes_.erase(found);
}

std::optional<ProbeStopState> ProbeBreakpoints::takeStop(pid_t tid, int signal, const user_regs_struct& current) {
  if (signal != ProbeEngine::kStopSignal || probes_.empty()) return std::nullopt;
  auto saved = engine_.takeStop(tid);
  if (!saved) return std::nullopt;
  ProbeStopState state;
  state.registers = saved->registersOver(current);
  state.site = state.registers.rip;
  state.writeAddress = saved->writeAddress;
  state.overwritten = std::move(saved->overwritten);
  if (saved->approach) approachOf_[{state.site, state.registers.rsp}] = saved->approach;
  return state;
}

std::optional<uint64_t> ProbeBreakpoints::beforeRunAt(uint64_t pc, uint64_t sp, bool rehit) {
  std::optional<uint64_t> from;
  const auto approach = approachOf_.find({pc, sp});
  for (const auto& [key, placed] : probes_) {
    if (key.second != pc) continue;
    const int probe = placed.probe;
    if (!rehit) {
      engine_.passOnce(probe, sp);
      continue;
    }
    const ProbeCounts counts = engine_.counts(probe);
    const Seen& seen = seen_[probe];
    if (counts.stops <= seen.stops) continue;
    if (engine_.approached(probe)) {
      // The stop came at an approach, which the thread must run again to be
      // judged again: only rip differs there.
      if (approach == approachOf_.end()) continue;
      from = approach->second;
    }
    engine_.takeBackPass(probe, counts.faults > seen.faults);
  }
  if (approach != approachOf_.end()) approachOf_.erase(approach);
  return from;
}

bool ProbeBreakpoints::stopped(int id, uint64_t address, bool& faulted) {
  faulted = false;
  auto found = probes_.find({id, address});
  if (found == probes_.end()) return false;
  const ProbeCounts counts = engine_.counts(found->second.probe);
  Seen& seen = seen_[found->second.probe];
  const bool asked = counts.stops > seen.stops;
  faulted = counts.faults > seen.faults;
  seen = Seen{counts.stops, counts.faults};
  return asked;
}

uint64_t ProbeBreakpoints::hits(int id, uint64_t address) const {
  const auto found = probes_.find({id, address});
  return found == probes_.end() ? 0 : engine_.counts(found->second.probe).hits;
}

void ProbeBreakpoints::forgetAll() {
  for (const auto& [key, placed] : probes_) {
    for (const auto& [at, byte] : placed.foreign) memory_.removeForeignSite(at);
  }
  engine_.removeAll();
  probes_.clear();
  seen_.clear();
  approachOf_.clear();
}

}  // namespace rwd
