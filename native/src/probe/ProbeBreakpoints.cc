// ProbeBreakpoints: placing kernel-judged breakpoints and reading their stops.
#include "probe/ProbeBreakpoints.h"

#include "probe/ProbeSupport.h"

#include <algorithm>
#include <cstdlib>
#include <set>
#include <memory>

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

// `what`: "Condition judged", "Hit count judged", "Log message formatted".
std::string byDebugger(const std::string& what, const std::string& why) {
  std::string reason = why;
  while (!reason.empty() && reason.back() == '.') reason.pop_back();
  return what + " by the debugger (each pass stops the program briefly): " + reason + ".";
}

}  // namespace

bool ProbeBreakpoints::place(const UserBreakpoint& breakpoint, uint64_t address, std::string& note) {
  const bool logs = !breakpoint.logMessage.empty();
  const std::string what = logs ? "Log message" : breakpoint.condition.empty() ? "Hit count" : "Condition";
  const std::string subject = what + (logs ? " formatted" : " judged");
  if (const auto& reason = ProbeSupport::unavailableReason(); !reason.empty()) {
    note = byDebugger(subject, reason);
    return false;
  }
  const auto site = ProbeSite::of(pid_, address);
  if (!site) {
    note = byDebugger(subject, "the code is not in a file (JIT or anonymous memory), where no uprobe can be placed");
    return false;
  }
  if (breakpoint.hitCondition.operand() > INT32_MAX) {
    note = byDebugger(subject, "the hit count is above 2147483647");
    return false;
  }
  const auto original = site->originalByte();
  if (!original) {
    note = byDebugger(subject, "the code's file " + site->path + " cannot be read");
    return false;
  }
  ProbeRequest request{pid_, *site, {}, ruleOf(breakpoint.hitCondition)};
  try {
    if (!breakpoint.condition.empty())
      request.predicate = ConditionCompiler::compile(breakpoint.condition, scopeAt_(address));
  } catch (const std::exception& error) {  // ConditionNotCompiled, or the parser's RequestError
    note = byDebugger(logs ? "Condition judged" : subject, error.what());
    return false;
  }
  if (breakpoint.hitCondition.isSet()) request.hitGroup = hitGroupOf(breakpoint.id);
  std::shared_ptr<const ProbeLog> log;
  if (logs) {
    const char* ring = std::getenv("REWIND_LOG_RING");
    if (ring && std::string(ring) == "off") {
      note = byDebugger(subject, "REWIND_LOG_RING=off");
      return false;
    }
    try {
      log = std::make_shared<const ProbeLog>(ProbeLog::compile(breakpoint.logMessage, scopeAt_(address)));
    } catch (const std::exception& error) {  // ConditionNotCompiled, or the parser's RequestError
      note = byDebugger(subject, error.what());
      return false;
    }
    request.log = log->emitter();
    request.logSize = log->recordSize();
  }
  const std::string judged =
      logs ? "Log message written in the kernel (uprobe + BPF ring buffer; the program does not stop)"
           : what + (breakpoint.condition.empty() ? " kept" : " judged") + " in the kernel (uprobe + BPF)";
  // Where the probe sits: on a trampoline's nop5 where that is exact (the
  // kernel's fastest uprobe); else on the site when the kernel emulates its
  // instruction, else on the instructions that lead to it where that is
  // exact, else on the site (each pass stepped out of line).
  std::string noTrampoline;
  if (Patch* patch = patchFor(address, *site, noTrampoline)) {
    ProbeRequest onNop = request;
    onNop.trampolineNop = patch->nop;
    onNop.trampolineStackShift = TrampolinePlan::kStackShift;
    try {
      const int probe = engine_.place(onNop);
      probes_[{breakpoint.id, address}] = Placed{probe, {}, true};
      seen_[probe] = Seen{};
      if (log) logs_[probe] = Logged{breakpoint.id, log};
      note = judged +
             ", on a nop5 the kernel turns into a call, in a trampoline that runs the line's first instructions (" +
             patch->moved + ") moved out of the way.";
      return true;
    } catch (const ProbeError& error) {
      noTrampoline = error.what();
      releasePatch(address);
    }
  }
  const ApproachPlan plan = EmulatedApproach::plan(*site);
  request.approaches = plan.approaches;
  std::vector<std::pair<uint64_t, uint8_t>> foreign;  // the probe's int3s: address, original byte
  if (request.approaches.empty()) foreign.emplace_back(address, *original);
  for (const auto& approach : request.approaches) {
    const auto byte = approach.site.originalByte();
    if (!byte) {
      note = byDebugger(subject, "the code's file " + site->path + " cannot be read");
      return false;
    }
    foreign.emplace_back(approach.site.address, *byte);
  }
  try {
    const int probe = engine_.place(request);
    probes_[{breakpoint.id, address}] = Placed{probe, foreign};
    seen_[probe] = Seen{};
    if (log) logs_[probe] = Logged{breakpoint.id, log};
    for (const auto& [at, byte] : foreign) memory_.addForeignSite(at, byte);
  } catch (const std::exception& error) {  // ConditionNotCompiled, ProbeError, or the parser's DebugError
    note = byDebugger(subject, error.what());
    return false;
  }
  while (!noTrampoline.empty() && noTrampoline.back() == '.') noTrampoline.pop_back();
  note = judged +
         (plan.description.empty() ? "; each pass is stepped out of line: " + plan.why : ", " + plan.description) +
         " (no trampoline: " + noTrampoline + ").";
  return true;
}

ProbeBreakpoints::Patch* ProbeBreakpoints::patchFor(uint64_t address, const ProbeSite& site, std::string& why) {
  if (auto found = patches_.find(address); found != patches_.end()) {
    ++found->second.users;
    return &found->second;
  }
  if (!program_.relocated) {
    why = "this session makes none";
    return nullptr;
  }
  if (const char* setting = std::getenv("REWIND_PROBE_TRAMPOLINES"); setting && std::string(setting) == "off") {
    why = "REWIND_PROBE_TRAMPOLINES=off";
    return nullptr;
  }
  const TrampolinePlan plan = TrampolinePlan::plan(site);
  if (!plan.possible) {
    why = plan.why;
    return nullptr;
  }
  const uint64_t end = address + plan.movedLength();
  for (uint64_t at = address; at < end; ++at) {
    if (program_.relocated->patchCovering(at) || memory_.hasForeignSite(at) ||
        (at != address && memory_.hasBreakpoint(at))) {
      why = "another breakpoint or probe lies within the bytes it would cover";
      return nullptr;
    }
  }
  for (uint64_t pc : program_.threadPcs()) {
    if (pc > address && pc < end) {
      why = "a thread stands within the bytes it would cover";
      return nullptr;
    }
  }
  std::vector<uint8_t> inMemory(plan.movedLength());
  std::vector<uint8_t> inFile;
  for (const auto& instruction : plan.moved)
    inFile.insert(inFile.end(), instruction.bytes.begin(), instruction.bytes.end());
  if (memory_.read(address, inMemory.data(), inMemory.size()) != inMemory.size() || inMemory != inFile) {
    why = "the code in memory differs from its file";
    return nullptr;
  }
  const auto syscalls = program_.syscalls();
  if (!syscalls) {
    why = "the program was running when the breakpoint was set";
    return nullptr;
  }
  Patch patch;
  try {
    patch.page = std::make_unique<TrampolinePage>(pid_, memory_, *syscalls, address);
  } catch (const ProbeError& error) {
    why = error.what();
    return nullptr;
  }
  RelocatedRange range;
  const std::vector<uint8_t> code = plan.code(address, patch.page->address(), range);
  if (code.empty() || !patch.page->fill(code)) {
    why = "the trampoline is out of reach of the code it moves";
    retiredPages_.push_back(std::move(patch.page));
    return nullptr;
  }
  patch.original.assign(inFile.begin(), inFile.begin() + TrampolinePlan::kJumpSize);
  patch.nop =
      ProbeSite{patch.page->path(), TrampolinePlan::kProbeOffset, patch.page->address() + TrampolinePlan::kProbeOffset};
  patch.users = 1;
  // The jump goes in as foreign bytes: reads show the original ones.
  const auto jump = TrampolinePlan::jumpTo(address, patch.page->address());
  for (uint32_t i = 0; i < TrampolinePlan::kJumpSize; ++i)
    memory_.addForeignSite(address + i, patch.original[i], jump[i]);
  memory_.write(address, patch.original.data(), patch.original.size());
  program_.relocated->add(range);
  patch.moved = plan.description;
  return &(patches_[address] = std::move(patch));
}

void ProbeBreakpoints::releasePatch(uint64_t address) {
  auto found = patches_.find(address);
  if (found == patches_.end() || --found->second.users > 0) return;
  // After an exec the patch went with the old image: nothing to put back.
  const bool stillThere = program_.relocated->patchCovering(address) == address;
  for (uint32_t i = 0; i < TrampolinePlan::kJumpSize; ++i) memory_.removeForeignSite(address + i);
  if (stillThere) memory_.write(address, found->second.original.data(), found->second.original.size());
  program_.relocated->takeOut(address);
  retiredPages_.push_back(std::move(found->second.page));
  patches_.erase(found);
}

void ProbeBreakpoints::remove(int id, uint64_t address) {
  auto found = probes_.find({id, address});
  if (found == probes_.end()) return;
  drainLogs();  // its records, while they can still be read
  engine_.remove(found->second.probe);
  seen_.erase(found->second.probe);
  logs_.erase(found->second.probe);
  const bool others = std::any_of(probes_.begin(), probes_.end(), [&](const auto& entry) {
    return entry.first.first == id && entry.first != found->first;
  });
  if (!others) hitGroups_.erase(id);
  for (const auto& [at, byte] : found->second.foreign) memory_.removeForeignSite(at);
  if (found->second.patched) releasePatch(address);
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
  bool throughEntry = false;
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
    if (engine_.onTrampoline(probe)) {
      throughEntry = true;  // judged again at the trampoline's nop5
    } else if (engine_.approached(probe)) {
      // The stop came at an approach, which the thread must run again to be
      // judged again: only rip differs there.
      if (approach == approachOf_.end()) continue;
      from = approach->second;
    }
    engine_.takeBackPass(probe, counts.faults > seen.faults);
  }
  if (approach != approachOf_.end()) approachOf_.erase(approach);
  // Inside a patch a thread runs from the trampoline's copy (at the site
  // itself past the probe, unless it is to be judged again).
  if (!from && program_.relocated) from = program_.relocated->toTrampoline(pc, throughEntry);
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
  if (found == probes_.end()) return 0;
  // A breakpoint's shared count is its hits at the first of its addresses only (callers add them up).
  if (hitGroups_.count(id) && probes_.lower_bound({id, 0})->first.second != address) return 0;
  return engine_.counts(found->second.probe).hits;
}

int ProbeBreakpoints::hitGroupOf(int id) {
  if (auto found = hitGroups_.find(id); found != hitGroups_.end()) return found->second;
  std::set<int> used;
  for (const auto& [breakpoint, taken] : hitGroups_) used.insert(taken);
  int group = 0;
  while (used.count(group)) ++group;
  hitGroups_[id] = group;
  return group;
}

void ProbeBreakpoints::drainLogs() {
  if (logs_.empty() || !logOutput_.format) return;
  std::string text;
  engine_.readLogs([&](int probe, const uint8_t* values, size_t size) {
    auto found = logs_.find(probe);
    if (found != logs_.end()) text += found->second.log->text(values, size, logOutput_.format) + "\n";
  });
  for (auto& [probe, logged] : logs_) {
    const uint64_t lost = engine_.lostLogs(probe);
    if (lost <= logged.lostSaid) continue;
    text += "Breakpoint " + std::to_string(logged.breakpoint) + ": " + std::to_string(lost - logged.lostSaid) +
            " log message(s) lost: the kernel's ring buffer was full (the program logged faster than the debugger "
            "read).\n";
    logged.lostSaid = lost;
  }
  if (!text.empty() && logOutput_.console) logOutput_.console(text);
}

void ProbeBreakpoints::forgetAll() {
  drainLogs();
  logs_.clear();
  for (const auto& [key, placed] : probes_) {
    for (const auto& [at, byte] : placed.foreign) memory_.removeForeignSite(at);
  }
  engine_.removeAll();
  while (!patches_.empty()) {
    patches_.begin()->second.users = 1;
    releasePatch(patches_.begin()->first);
  }
  probes_.clear();
  hitGroups_.clear();
  seen_.clear();
  approachOf_.clear();
}

}  // namespace rwd
