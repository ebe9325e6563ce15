// NativePast: window scans, the second replay to a hit, and the view.
#include "replay/NativePast.h"

#include <stdexcept>

#include "registers/RegisterText.h"
#include "replay/MemoryDigest.h"
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
  return "native history: event " + std::to_string(here_->eventIndex) + events + ", " + hitText(*here_);
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
                                        const std::optional<NativeHit>& after) {
  NativeReplayer replayer(recording_, window);
  ReplayBreakpoints counter(hooks_.originalByte);
  std::vector<NativeHit> hits;
  nearPresent_.clear();
  bool passed = !after;
  bool reached = false;
  const pid_t shown = replayPid();
  counter.onHit = [&](uint64_t address, uint64_t hit) {
    const user_regs_struct regs = Ptrace::registers(replayer.pid());
    if (end.before && address == end.before->address && hit == end.before->hit) {
      if (!sameRegisters(regs, end.before->registers))
        throw ReplayDivergence(replayer.nextEvent(),
                               "the replay came back to " + hitText(*end.before) + " with other registers than before");
      return reached = true;
    }
    if (end.present && address == liveRegisters_.rip && isPresent(replayer.pid(), regs, replayer.nextEvent()))
      return reached = true;
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
    for (uint64_t address : armed) replayer.countHits(counter, address, 0);
    replayer.runTo(end.event);
  } catch (...) {
    hooks_.show(shown);
    throw;
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
  auto counter = std::make_unique<ReplayBreakpoints>(hooks_.originalByte);
  auto replayer = std::make_unique<NativeReplayer>(recording_, hit.window);
  replayer->countHits(*counter, hit.address, hit.hit);
  replayer->runTo(endOf(hit.window).event);
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

std::optional<NativeHit> NativePast::backward(const std::set<uint64_t>& addresses, const Accept& accept) {
  if (atStart()) return std::nullopt;  // nothing lies before the start
  const size_t first = inPast() ? here_->window : windowOfPresent();
  for (size_t window = first;; --window) {
    WindowEnd end = endOf(window);
    if (inPast() && window == first) end = WindowEnd{end.event, false, here_};
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
