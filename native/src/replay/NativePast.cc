// NativePast: window scans, the second replay to a hit, and the view.
#include "replay/NativePast.h"

#include <algorithm>
#include <cstdlib>
#include <stdexcept>

#include "registers/RegisterText.h"
#include "probe/ProbeError.h"
#include "probe/ProbeSupport.h"
#include "replay/MemoryDigest.h"
#include "replay/ProcMemFile.h"
#include "replay/Ptrace.h"
#include "replay/ReplayDivergence.h"

namespace rwd {

namespace {

// The general registers that identify a state (eflags without the trap and resume flags).
bool sameRegisters(const user_regs_struct& a, const user_regs_struct& b) {
  constexpr uint64_t kFlagsMask = ~((1ull << 8) | (1ull << 16));
  return a.rax == b.rax && a.rbx == b.rbx && a.rcx == b.rcx && a.rdx == b.rdx && a.rsi == b.rsi && a.rdi == b.rdi &&
         a.rbp == b.rbp && a.rsp == b.rsp && a.r8 == b.r8 && a.r9 == b.r9 && a.r10 == b.r10 && a.r11 == b.r11 &&
         a.r12 == b.r12 && a.r13 == b.r13 && a.r14 == b.r14 && a.r15 == b.r15 && a.rip == b.rip &&
         (a.eflags & kFlagsMask) == (b.eflags & kFlagsMask) && a.fs_base == b.fs_base && a.gs_base == b.gs_base;
}

// The names of the registers where `a` and `b` differ (for a divergence message).
std::string registerDifferences(const user_regs_struct& a, const user_regs_struct& b) {
  const std::pair<const char*, unsigned long long user_regs_struct::*> named[] = {
      {"rax", &user_regs_struct::rax}, {"rbx", &user_regs_struct::rbx},       {"rcx", &user_regs_struct::rcx},
      {"rdx", &user_regs_struct::rdx}, {"rsi", &user_regs_struct::rsi},       {"rdi", &user_regs_struct::rdi},
      {"rbp", &user_regs_struct::rbp}, {"rsp", &user_regs_struct::rsp},       {"r8", &user_regs_struct::r8},
      {"r9", &user_regs_struct::r9},   {"r10", &user_regs_struct::r10},       {"r11", &user_regs_struct::r11},
      {"r12", &user_regs_struct::r12}, {"r13", &user_regs_struct::r13},       {"r14", &user_regs_struct::r14},
      {"r15", &user_regs_struct::r15}, {"eflags", &user_regs_struct::eflags}, {"fs_base", &user_regs_struct::fs_base}};
  std::string out;
  for (const auto& [name, field] : named) {
    if (a.*field != b.*field) out += (out.empty() ? "" : ", ") + std::string(name);
  }
  return out.empty() ? "none" : out;
}

std::string hitText(const NativeHit& hit) {
  return "hit " + std::to_string(hit.hit) + " of " + RegisterText::hex(hit.address) + " after checkpoint " +
         std::to_string(hit.window);
}

}  // namespace

NativePast::NativePast(const NativeRecording& recording, pid_t livePid, const user_regs_struct& present, Hooks hooks)
    : recording_(recording), live_(livePid), hooks_(std::move(hooks)), liveRegisters_(present) {
  if (recording_.checkpoints.empty()) throw std::runtime_error("the native recording has no checkpoint to replay from");
  const char* forced = std::getenv("REWIND_REPLAY_COUNTING");
  if (forced && std::string(forced) == "int3") int3Why_ = "REWIND_REPLAY_COUNTING=int3";
  else int3Why_ = ProbeSupport::unavailableReason();
  kernelCounting_ = int3Why_.empty();
}

NativePast::~NativePast() { drop(); }

void NativePast::drop() {
  replay_.reset();  // kills and reaps the replay process
  breakpoints_.reset();
  here_.reset();
}

void NativePast::leave() {
  drop();
  hooks_.show(0);
}

std::string NativePast::positionText() const {
  if (!inPast()) return "";
  const std::string events = " of " + std::to_string(recording_.events.size());
  if (!here_) return "native history: the start of the recording (event 0" + events + ")";
  return "native history: event " + std::to_string(here_->eventIndex) + events + ", " + hitText(*here_) +
         "; hits counted " + countedBy_;
}

NativePast::WindowEnd NativePast::endOf(size_t window) const {
  if (window + 1 < recording_.checkpoints.size()) return WindowEnd{recording_.checkpoints[window + 1].eventIndex};
  return WindowEnd{recording_.events.size(), true, std::nullopt};
}

bool NativePast::isPresent(pid_t replay, const user_regs_struct& regs, size_t nextEvent) {
  if (nextEvent != recording_.events.size()) return false;
  if (!sameRegisters(regs, liveRegisters_)) {
    nearPresent_ = "registers differ (" + registerDifferences(regs, liveRegisters_) + ")";
    return false;
  }
  nearPresent_ = "the registers match but the memory differs";
  // Registers repeat in loops whose state lives in memory: the memory decides.
  return MemoryDigest::ofWritableMemory(replay) == liveDigest();
}

uint64_t NativePast::liveDigest() {
  if (!liveDigest_) liveDigest_ = MemoryDigest::ofWritableMemory(live_);
  return *liveDigest_;
}

std::vector<NativeHit> NativePast::scan(size_t window, const WindowEnd& end, const std::set<uint64_t>& addresses,
                                        const std::optional<NativeHit>& after, KernelHitCounter* kernel,
                                        std::map<uint64_t, uint64_t>* counts) {
  NativeReplayer replayer(recording_, window);
  ReplayBreakpoints counter(hooks_.originalByte);
  std::vector<NativeHit> hits;
  nearPresent_.clear();
  bool passed = !after;
  bool reached = false;
  uint64_t reachedAt = 0;
  const pid_t shown = replayPid();
  const auto onHit = [&](uint64_t address, uint64_t hit) {
    const user_regs_struct regs = Ptrace::registers(replayer.pid());
    if (end.before && address == end.before->address && hit == end.before->hit) {
      if (!sameRegisters(regs, end.before->registers))
        throw ReplayDivergence(replayer.nextEvent(),
                               "the replay came back to " + hitText(*end.before) + " with other registers than before");
      reachedAt = address;
      return reached = true;
    }
    if (end.present && address == liveRegisters_.rip && isPresent(replayer.pid(), regs, replayer.nextEvent())) {
      reachedAt = address;
      return reached = true;
    }
    if (kernel) return false;  // only counting
    if (!passed) {
      passed = address == after->address && hit == after->hit;
      return false;
    }
    if (!addresses.count(address)) return false;
    std::vector<int> ids = hooks_.judge(replayer.pid(), address);
    if (!ids.empty()) hits.push_back(NativeHit{window, address, hit, replayer.nextEvent(), regs, std::move(ids)});
    return false;
  };
  std::set<uint64_t> armed = addresses;
  if (end.before) armed.insert(end.before->address);
  if (end.present) armed.insert(liveRegisters_.rip);
  if (after) armed.insert(after->address);
  try {
    if (kernel) {
      // Every address counted; stops only where the window may end.
      restoreCode(replayer.pid(), armed);
      kernel->onHit = onHit;
      replayer.useCounter(*kernel);
      for (uint64_t address : addresses) kernel->arm(replayer.pid(), address, 0);
      if (end.before) kernel->armFrom(replayer.pid(), end.before->address, end.before->hit);
      if (end.present) kernel->armWhere(replayer.pid(), liveRegisters_.rip, liveRegisters_);
    } else {
      counter.onHit = onHit;
      for (uint64_t address : armed) replayer.countHits(counter, address, 0);
    }
    replayer.runTo(end.event);
  } catch (...) {
    if (kernel) kernel->onHit = nullptr;
    hooks_.show(shown);
    throw;
  }
  if (kernel) {
    kernel->onHit = nullptr;
    // The pass where the window ended is no hit before its end.
    for (uint64_t address : addresses) (*counts)[address] = kernel->hitsAt(address) - (reached && reachedAt == address);
  }
  hooks_.show(shown);
  if (reached) return hits;
  if (end.before)
    throw ReplayDivergence(replayer.nextEvent(), "the replay did not come back to " + hitText(*end.before));
  if (end.present) {
    // A program paused inside a system call is at that call, which the log does not have yet.
    const user_regs_struct regs = replayer.pid() ? Ptrace::registers(replayer.pid()) : user_regs_struct{};
    const bool parked = replayer.pid() && replayer.nextEvent() == recording_.events.size();
    if (!parked || regs.rip != liveRegisters_.rip || regs.rsp != liveRegisters_.rsp ||
        MemoryDigest::ofWritableMemory(replayer.pid()) != liveDigest())
      throw ReplayDivergence(replayer.nextEvent(),
                             "the replay did not meet the present at " + RegisterText::hex(liveRegisters_.rip) + " (" +
                                 (nearPresent_.empty() ? "it never came there after the last event" : nearPresent_) +
                                 ")");
    return hits;
  }
  // At the next checkpoint's system call: the replay must stand where that checkpoint does.
  const user_regs_struct regs = Ptrace::registers(replayer.pid());
  const user_regs_struct& checkpoint = recording_.checkpoints[window + 1].registers;
  if (regs.rip != checkpoint.rip || regs.rsp != checkpoint.rsp)
    throw ReplayDivergence(replayer.nextEvent(), "the replay reached checkpoint " + std::to_string(window + 1) +
                                                     "'s system call in another state than recorded");
  return hits;
}

void NativePast::travelTo(const NativeHit& hit) {
  auto replayer = std::make_unique<NativeReplayer>(recording_, hit.window);
  std::unique_ptr<HitCounter> counter;
  KernelHitCounter* kernel = nullptr;
  if (kernelCounting_) {
    auto counted = std::make_unique<KernelHitCounter>();
    kernel = counted.get();
    restoreCode(replayer->pid(), {hit.address});
    counter = std::move(counted);
  } else {
    counter = std::make_unique<ReplayBreakpoints>(hooks_.originalByte);
  }
  replayer->countHits(*counter, hit.address, hit.hit);
  replayer->runTo(endOf(hit.window).event);
  if (kernel) kernel->disarm();  // the shown replay runs its own code
  if (!replayer->hitStop())
    throw ReplayDivergence(replayer->nextEvent(), "the second replay did not reach " + hitText(hit));
  if (!sameRegisters(Ptrace::registers(replayer->pid()), hit.registers))
    throw ReplayDivergence(replayer->nextEvent(),
                           "the second replay reached " + hitText(hit) + " with other registers than the first");
  drop();
  breakpoints_ = std::move(counter);
  replay_ = std::move(replayer);
  here_ = hit;
  hooks_.show(replay_->pid());
}

void NativePast::travelToStart() {
  auto replayer = std::make_unique<NativeReplayer>(recording_, 0);
  drop();
  replay_ = std::move(replayer);
  hooks_.show(replay_->pid());
}

std::optional<NativeHit> NativePast::latestCounted(size_t window, const WindowEnd& end,
                                                   const std::set<uint64_t>& addresses, const Accept& accept) {
  std::map<uint64_t, uint64_t> upTo;  // per address: its hits 1 … upTo are not walked yet
  {
    KernelHitCounter counter;
    scan(window, end, addresses, std::nullopt, &counter, &upTo);
  }
  for (uint64_t batch = 16;; batch *= 4) {
    std::map<uint64_t, uint64_t> from;
    for (const auto& [address, last] : upTo) {
      if (last) from[address] = last > batch ? last - batch + 1 : 1;
    }
    if (from.empty()) return std::nullopt;
    bool offered = false, taken = false;  // the latest, offered to `accept` in the replay that stands at it
    const std::vector<NativeHit> hits = collect(window, from, upTo, accept, offered, taken);
    if (taken) return hits.back();
    // The hits after the latest first-collected hit of an address whose
    // earlier hits were left out are all there is after it: walk those.
    size_t complete = 0;
    for (size_t i = 0; i < hits.size(); ++i) {
      if (from[hits[i].address] > 1 && hits[i].hit == from[hits[i].address]) complete = std::max(complete, i);
    }
    for (size_t i = hits.size() - (offered ? 1 : 0); i-- > complete;) {
      if (hits[i].ids.empty() || !accept(hits[i])) continue;
      travelTo(hits[i]);
      return hits[i];
    }
    for (size_t i = complete; i < hits.size(); ++i) {
      upTo[hits[i].address] = std::min(upTo[hits[i].address], hits[i].hit - 1);
    }
  }
}

std::vector<NativeHit> NativePast::collect(size_t window, const std::map<uint64_t, uint64_t>& from,
                                           const std::map<uint64_t, uint64_t>& upTo, const Accept& accept,
                                           bool& offered, bool& taken) {
  auto replayer = std::make_unique<NativeReplayer>(recording_, window);
  auto counter = std::make_unique<KernelHitCounter>();
  size_t expected = 0;
  for (const auto& [address, first] : from) expected += upTo.at(address) - first + 1;
  std::vector<NativeHit> hits;
  const pid_t shown = replayPid();
  const pid_t pid = replayer->pid();
  counter->onHit = [&](uint64_t address, uint64_t hit) {
    if (hit > upTo.at(address)) return false;  // walked already
    hits.push_back(
        NativeHit{window, address, hit, replayer->nextEvent(), Ptrace::registers(pid), hooks_.judge(pid, address)});
    if (hits.size() < expected) return false;
    // The last is the latest: offered here, this replay is the one to show when it is taken.
    offered = true;
    taken = !hits.back().ids.empty() && accept(hits.back());
    return true;
  };
  try {
    std::set<uint64_t> armed;
    for (const auto& [address, first] : from) armed.insert(address);
    restoreCode(pid, armed);
    replayer->useCounter(*counter);
    for (const auto& [address, first] : from) counter->armFrom(pid, address, first);
    replayer->runTo(endOf(window).event);
  } catch (...) {
    counter->onHit = nullptr;
    hooks_.show(shown);
    throw;
  }
  counter->onHit = nullptr;
  if (hits.size() != expected) {
    hooks_.show(shown);
    throw ReplayDivergence(replayer->nextEvent(), "the replay met " + std::to_string(hits.size()) + " of the " +
                                                      std::to_string(expected) + " hits counted in the window before");
  }
  if (!taken) {
    hooks_.show(shown);
    return hits;
  }
  counter->disarm();  // the shown replay runs its own code
  drop();
  breakpoints_ = std::move(counter);
  replay_ = std::move(replayer);
  here_ = hits.back();
  hooks_.show(replay_->pid());
  return hits;
}

void NativePast::restoreCode(pid_t replay, const std::set<uint64_t>& addresses) const {
  const ProcMemFile memory(replay);
  for (uint64_t address : addresses) {
    uint8_t byte = 0;
    const uint8_t original = hooks_.originalByte(address);
    if (memory.read(address, &byte, 1) && byte != original && !memory.write(address, &original, 1))
      throw std::runtime_error("cannot put the program's code back at " + RegisterText::hex(address) +
                               " in the replay");
  }
}

std::optional<NativeHit> NativePast::backward(const std::set<uint64_t>& addresses, const Accept& accept) {
  if (atStart()) return std::nullopt;  // nothing lies before the start
  const size_t first = inPast() ? here_->window : windowOfPresent();
  for (size_t window = first;; --window) {
    WindowEnd end = endOf(window);
    if (inPast() && window == first) end = WindowEnd{end.event, false, here_};
    countedBy_ = kernelCounting_ ? "in the kernel" : "with int3 breakpoints (" + int3Why_ + ")";
    if (kernelCounting_) {
      try {
        if (std::optional<NativeHit> found = latestCounted(window, end, addresses, accept)) return found;
        if (window == 0) break;
        continue;
      } catch (const ProbeError& error) {
        kernelCounting_ = false;  // this travel and the next count with int3s
        int3Why_ = std::string("the kernel refused: ") + error.what();
        countedBy_ = "with int3 breakpoints (" + int3Why_ + ")";
      }
    }
    std::vector<NativeHit> hits = scan(window, end, addresses, std::nullopt);
    for (auto it = hits.rbegin(); it != hits.rend(); ++it) {
      if (!accept(*it)) continue;
      travelTo(*it);
      return *it;
    }
    if (window == 0) break;
  }
  travelToStart();
  return std::nullopt;
}

std::optional<NativeHit> NativePast::forward(const std::set<uint64_t>& addresses, const Accept& accept) {
  if (!inPast()) throw std::logic_error("forward in the native past while at the present");
  const size_t first = here_ ? here_->window : 0;
  countedBy_ = "with int3 breakpoints (forward in the past)";
  for (size_t window = first; window < recording_.checkpoints.size(); ++window) {
    std::vector<NativeHit> hits = scan(window, endOf(window), addresses, window == first ? here_ : std::nullopt);
    for (const NativeHit& hit : hits) {
      if (!accept(hit)) continue;
      travelTo(hit);
      return hit;
    }
  }
  leave();
  return std::nullopt;
}

}  // namespace rwd
