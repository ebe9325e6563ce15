// SyscallEffects: running a call's rule before and after it, and keeping the
// "after" answer inside the "before" one.
#include "record/SyscallEffects.h"

#include <algorithm>

#include "record/SyscallNames.h"
#include "record/SyscallRuleTable.h"

namespace rwd {

namespace {

constexpr int64_t kEfault = 14;

SyscallEffect header(const SyscallCall& call) {
  SyscallEffect effect;
  effect.number = call.number;
  effect.name = SyscallNames::describe(call.number);
  return effect;
}

// The parts of `ranges` that lie inside `bounds`.
std::vector<MemoryRange> clipTo(const std::vector<MemoryRange>& ranges, const std::vector<MemoryRange>& bounds) {
  std::vector<MemoryRange> clipped;
  for (const MemoryRange& range : ranges) {
    for (const MemoryRange& bound : bounds) {
      uint64_t start = std::max(range.address, bound.address);
      uint64_t end = std::min(range.end(), bound.end());
      if (start < end) clipped.push_back(MemoryRange{start, end - start, range.maybePartial});
    }
  }
  return clipped;
}

}  // namespace

bool SyscallEffects::hasEntry(uint64_t number) { return SyscallRuleTable::instance().entry(number).known; }

SyscallEffect SyscallEffects::beforeCall(const SyscallCall& call, const MemoryReader& read) {
  SyscallEffect effect = header(call);
  const SyscallRuleEntry& entry = SyscallRuleTable::instance().entry(call.number);
  if (!entry.known) {
    effect.known = false;
    return effect;
  }
  if (entry.rule) {
    SyscallEffectBuilder builder(call, false, 0, read, effect);
    entry.rule(builder);
  }
  if (!effect.known) {
    effect.writes.clear();
    effect.mapChanges.clear();
  }
  return effect;
}

SyscallEffect SyscallEffects::afterCall(const SyscallCall& call, const SyscallEffect& before, int64_t result,
                                        const MemoryReader& read) {
  if (!before.known) return before;
  SyscallEffect effect = header(call);
  const SyscallRuleEntry& entry = SyscallRuleTable::instance().entry(call.number);
  const bool failed = result < 0 && result >= -4095;
  if (failed && result == -kEfault) {
    effect.writes = before.writes;  // a fault part-way through may leave partial writes
    return effect;
  }
  if (failed && !entry.writesOnError) return effect;
  if (entry.rule) {
    SyscallEffectBuilder builder(call, true, result, read, effect);
    entry.rule(builder);
  }
  if (!effect.known) {
    // A rule that could decide before the call cannot become unsure after it;
    // keep everything that was saved.
    effect.known = true;
    effect.reason.clear();
    effect.writes = before.writes;
    return effect;
  }
  effect.writes = clipTo(effect.writes, before.writes);
  if (failed) effect.mapChanges.clear();
  return effect;
}

}  // namespace rwd
