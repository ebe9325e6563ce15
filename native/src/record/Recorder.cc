// Recorder: one step of one thread — plan the bytes it may write, save
// them, and after the step log the register delta and the saved bytes.
#include "record/Recorder.h"

#include <elf.h>
#include <sys/prctl.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <string>

#include "process/Process.h"
#include "core/DebugError.h"
#include "record/SyscallRestart.h"
#include "record/SyscallEffects.h"
#include "record/SyscallNames.h"
#include "record/XsaveVectorRegisters.h"

namespace rwd {

namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kMaxSavedBytes = 256ull << 20;
constexpr uint64_t kCloneVm = 0x100;
constexpr uint64_t kCloneThread = 0x10000;

uint64_t pageUp(uint64_t value) { return (value + kPage - 1) & ~(kPage - 1); }

bool isRestartCode(uint64_t rax) { return syscallRestart::willRestart(static_cast<int64_t>(rax)); }

bool isError(int64_t result) { return result < 0 && result >= -4095; }

std::string hex(uint64_t value) {
  char text[32];
  std::snprintf(text, sizeof text, "0x%llx", static_cast<unsigned long long>(value));
  return text;
}

// Sorts ranges and merges those that overlap; a merged range keeps a flag
// only when both parts had it (saving more is always safe).
void mergePlanned(StepCapture& capture) {
  if (capture.planned.size() < 2) return;
  std::vector<size_t> order(capture.planned.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = i;
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return capture.planned[a].address < capture.planned[b].address; });
  std::vector<MemoryRange> ranges;
  std::vector<uint8_t> flags;
  for (size_t i : order) {
    const MemoryRange& range = capture.planned[i];
    if (!ranges.empty() && range.address < ranges.back().end()) {
      MemoryRange& last = ranges.back();
      last.length = std::max(last.end(), range.end()) - last.address;
      flags.back() &= capture.plannedFlags[i];
      continue;
    }
    ranges.push_back(range);
    flags.push_back(capture.plannedFlags[i]);
  }
  capture.planned = std::move(ranges);
  capture.plannedFlags = std::move(flags);
}

bool allZero(const uint8_t* bytes, size_t length) {
  for (size_t i = 0; i < length; ++i) {
    if (bytes[i]) return false;
  }
  return true;
}

// The name the kernel has for a thread ("" when it cannot be read).
std::string nameOf(Process& process, pid_t tid) {
  Task* task = process.task(tid);
  return task ? task->name() : "";
}

}  // namespace

bool Recorder::createsThread(const SyscallCall& call) const {
  if (call.number == SYS_clone) return call.args[0] & kCloneThread;
  uint64_t flags = 0;  // clone3: the first field of struct clone_args
  return call.number == SYS_clone3 && memory_.read(call.args[0], &flags, sizeof flags) && (flags & kCloneThread);
}

Recorder::Recorder(Process& process, uint64_t recordLimit)
    : process_(process),
      pinning_(process.processId(), process.threadIds()),
      memory_(process.processId(), &process.memory()),
      xsave_(XsaveLayout::query()),
      analyzer_(xsave_, RepeatedString::OneIteration),
      signals_(xsave_),
      history_(recordLimit) {
  for (pid_t tid : process.threadIds()) {
    lives_.born(tid, 0);
    if (Task* task = process.task(tid)) lives_.name(tid, task->name());
  }
}

Recorder::~Recorder() = default;

// ------------------------------------------------------------ before the step

StepPlan Recorder::beforeStep(Task& task) {
  if (!history_.atLiveEnd()) {
    throw DebugError(DebugError::WrongState,
                     "The program cannot run from the recorded past; go forward to the end of the history first.");
  }
  const pid_t tid = task.tid();
  ThreadState& thread = threads_[tid];
  const user_regs_struct& regs = task.registers();
  if (thread.capture.active) finishStep(tid, thread, regs);  // its stop came as an event stop
  if (!thread.known) {
    // A thread's first step: it exists from here (or from its clone's return).
    lives_.born(tid, history_.endSerial());
    if (const ThreadLife* life = lives_.life(tid); life && life->name.empty()) lives_.name(tid, task.name());
  }
  if (thread.known && std::memcmp(&regs, &thread.last, sizeof regs) != 0) {
    // Someone (the debugger's user) changed registers since the last step.
    history_.append(tid, EntryKind::Adjustment, RegisterDelta::between(thread.last, regs), nullptr, 0, nullptr);
    ++stats_.adjustments;
  }
  thread.last = regs;
  thread.known = true;
  thread.exited = false;
  StepCapture& capture = thread.capture;
  capture.reset();
  capture.before = regs;

  StepPlan plan;
  std::string where, problem;
  bool ok = true;
  if (task.pendingSignal != 0 && signalCaught(task.pendingSignal)) {
    // The step enters the handler: the kernel writes the frame, no instruction runs.
    const MemoryRange frame = signals_.frameFor(task.pendingSignal, regs.rsp);
    capture.signal = task.pendingSignal;
    capture.expectedFrameStack = frame.address;
    capture.plan(frame);
  } else {
    if (static_cast<int64_t>(regs.orig_rax) >= 0 && isRestartCode(regs.rax)) {
      // Stopped inside an interrupted call: this step may run it again.
      ok = prepareSyscall(SyscallCall::atEntryStop(regs), regs.rip - 2, true, capture, problem);
      if (!ok) where = "the interrupted system call at " + hex(regs.rip - 2);
    }
    if (ok) {
      ok = analyzeInstruction(task, regs, capture, problem);
      if (!ok) {
        uint8_t code[15] = {};
        const size_t available = process_.memory().read(regs.rip, code, sizeof code);
        where = "'" + analyzer_.digester().describe(regs.rip, code, available) + "' at " + hex(regs.rip);
      }
    }
  }
  if (ok) {
    mergePlanned(capture);
    ok = saveBytes(capture, problem);
    if (!ok) where = hex(regs.rip);
  }
  if (!ok) {
    plan.cut = cutHere(where, problem);
    capture.unrecorded = true;
    return plan;
  }
  plan.mayBlock = capture.syscall;
  return plan;
}

const DigestedInstruction& Recorder::instructionAt(uint64_t address) {
  auto found = trustedCode_.find(address);
  if (found != trustedCode_.end()) return *found->second;
  uint8_t code[15] = {};
  const size_t available = process_.memory().read(address, code, sizeof code);  // breakpoint bytes hidden
  const DigestedInstruction& digest = analyzer_.cache().lookup(address, code, available);
  if (digest.length != 0 && digest.recipe != WriteRecipe::Unknown) {
    trustedCode_[address] = &digest;
    codePages_.insert(address / kPage);
    codePages_.insert((address + digest.length - 1) / kPage);
  }
  return digest;
}

bool Recorder::analyzeInstruction(Task& task, const user_regs_struct& regs, StepCapture& capture,
                                  std::string& problem) {
  const DigestedInstruction& digest = instructionAt(regs.rip);
  WriteContext context;
  context.registers = &regs;
  context.xsave = &xsave_;
  context.repeatedString = RepeatedString::OneIteration;
  std::unique_ptr<XsaveVectorRegisters> vectors;
  if (digest.needsVectorRegisters()) {
    std::vector<uint8_t> image(std::max<uint32_t>(xsave_.areaSize, 4096));
    iovec io{image.data(), image.size()};
    if (::ptrace(PTRACE_GETREGSET, task.tid(), reinterpret_cast<void*>(NT_X86_XSTATE), &io) == 0) {
      image.resize(io.iov_len);
      vectors = std::make_unique<XsaveVectorRegisters>(xsave_, std::move(image));
      context.vectors = vectors.get();
    }
  }
  if (digest.length == 0) {
    writes_.markUnknown("the recorder cannot decode this instruction");
  } else {
    WriteSetAnalyzer::evaluate(digest, context, writes_);
  }
  if (!writes_.known) {
    problem = "the recorder cannot tell which memory this instruction writes (" + writes_.reason + ")";
    return false;
  }
  for (const MemoryRange& range : writes_.ranges) capture.plan(range);
  if (!digest.isSystemCall()) return true;
  return prepareSyscall(SyscallCall::atSyscallInstruction(regs), regs.rip, false, capture, problem);
}

bool Recorder::prepareSyscall(const SyscallCall& call, uint64_t syscallAddress, bool restarted, StepCapture& capture,
                              std::string& problem) {
  MemoryReader reader = [this](uint64_t address, void* out, size_t length) {
    return memory_.read(address, out, length);
  };
  capture.syscall = true;
  capture.restarted = restarted;
  capture.call = call;
  capture.syscallAddress = syscallAddress;
  capture.effect = SyscallEffects::beforeCall(call, reader);
  const std::string name = "system call '" + SyscallNames::describe(call.number) + "'";
  if (!capture.effect.known) {
    problem = "the recorder does not know what " + name + " writes" +
              (capture.effect.reason.empty() ? "" : " (" + capture.effect.reason + ")");
    return false;
  }
  const bool cloneLike = call.number == SYS_clone || call.number == SYS_clone3 || call.number == SYS_vfork;
  if (cloneLike && capture.effect.newTaskSharesMemory) {
    uint64_t flags = call.args[0];
    if (call.number == SYS_clone3) reader(call.args[0], &flags, sizeof flags);
    if (call.number == SYS_vfork || ((flags & kCloneVm) && !(flags & kCloneThread))) {
      problem = name + " starts another process that shares this memory without being traced";
      return false;
    }
  }
  for (const MemoryMapChange& change : capture.effect.mapChanges) {
    if (change.kind == MemoryMapChange::Kind::Replace) {
      problem = name + " replaces the whole program";
      return false;
    }
    if (change.kind != MemoryMapChange::Kind::Discard) capture.mapChanging = true;
  }
  signals_.beforeSyscall(call, reader);
  if (capture.mapChanging) capture.layoutBefore = MemoryLayout::read(process_.processId());
  // Memory that the call takes away comes back as fresh zero pages when
  // the traveler remaps it, so all-zero pages of it need no saving.
  const bool removes = call.number == SYS_munmap || call.number == SYS_madvise || call.number == SYS_mremap;
  for (const MemoryRange& range : capture.effect.writes) {
    bool removed = removes;
    if (call.number == SYS_mremap)
      removed = range.address < call.args[0] + pageUp(call.args[1]) && call.args[0] < range.end();
    capture.plan(range, planned::kTrimmable | (removed ? planned::kSkipZeroPages : 0));
  }
  if (call.number == SYS_brk && call.args[0] != 0) {
    // A lower break unmaps the top of the heap; the rule leaves that to us.
    const uint64_t heapEnd = capture.layoutBefore.heapEnd();
    const uint64_t newEnd = pageUp(call.args[0]);
    if (heapEnd && newEnd < heapEnd)
      capture.plan(MemoryRange{newEnd, heapEnd - newEnd, false}, planned::kSkipZeroPages);
  }
  return true;
}

bool Recorder::saveBytes(StepCapture& capture, std::string& problem) {
  uint64_t total = 0;
  bool plain = true;
  for (size_t i = 0; i < capture.planned.size(); ++i) {
    total += capture.planned[i].length;
    if (capture.plannedFlags[i] & planned::kSkipZeroPages) plain = false;
  }
  if (total > kMaxSavedBytes) {
    problem =
        "the step would overwrite " + std::to_string(total >> 20) + " MiB, more than the recorder keeps for one step";
    return false;
  }
  capture.bytes.resize(total);
  if (plain && memory_.readAll(capture.planned.data(), capture.planned.size(), capture.bytes.data())) {
    for (size_t i = 0; i < capture.planned.size(); ++i) {
      capture.spans.push_back(SpanDraft{capture.planned[i].address, static_cast<uint32_t>(capture.planned[i].length)});
      capture.trimmable.push_back(capture.plannedFlags[i] & planned::kTrimmable);
    }
    return true;
  }
  // Range by range: keep what is readable, note what is not.
  std::vector<uint8_t> bytes;
  bytes.reserve(total);
  std::vector<MemoryRange> readable;
  std::vector<uint8_t> scratch;
  for (size_t i = 0; i < capture.planned.size(); ++i) {
    const MemoryRange& range = capture.planned[i];
    const uint8_t flags = capture.plannedFlags[i];
    scratch.resize(range.length);
    readable.clear();
    memory_.readReadable(range.address, range.length, scratch.data(), readable);
    uint64_t at = range.address;
    for (const MemoryRange& part : readable) {
      if (part.address > at) capture.unreadable.push_back(MemoryRange{at, part.address - at, false});
      at = part.end();
      // Page by page when all-zero pages may be left out.
      const bool skipZeros = flags & planned::kSkipZeroPages;
      for (uint64_t start = part.address; start < part.end();) {
        const uint64_t end = skipZeros ? std::min(part.end(), (start & ~(kPage - 1)) + kPage) : part.end();
        const uint8_t* source = scratch.data() + (start - range.address);
        if (!(skipZeros && allZero(source, end - start))) {
          capture.spans.push_back(SpanDraft{start, static_cast<uint32_t>(end - start)});
          capture.trimmable.push_back(flags & planned::kTrimmable);
          bytes.insert(bytes.end(), source, source + (end - start));
        }
        start = end;
      }
    }
    if (at < range.end()) capture.unreadable.push_back(MemoryRange{at, range.end() - at, false});
  }
  capture.bytes = std::move(bytes);
  return true;
}

// ------------------------------------------------------------- after the step

void Recorder::afterStep(Task& task) {
  auto found = threads_.find(task.tid());
  if (found == threads_.end() || !found->second.capture.active) return;
  const user_regs_struct& after = task.registers();
  const StepCapture& capture = found->second.capture;
  if (capture.syscall && !capture.restarted && static_cast<int64_t>(after.rax) == -38 &&
      static_cast<int64_t>(after.orig_rax) == static_cast<int64_t>(capture.call.number) &&
      after.rip == capture.syscallAddress + 2) {
    // A ptrace event stop (clone, fork...) inside the call: it has not
    // returned yet (rax still -ENOSYS). The step goes on; the next
    // beforeStep() of this thread finishes it.
    return;
  }
  finishStep(task.tid(), found->second, after);
}

void Recorder::finishStep(pid_t tid, ThreadState& thread, const user_regs_struct& after) {
  StepCapture& capture = thread.capture;
  capture.active = false;
  if (capture.unrecorded) {
    thread.last = after;
    return;
  }
  EntryKind kind = EntryKind::Instruction;
  if (capture.signal) {
    if (after.rsp == capture.expectedFrameStack && after.rip != capture.before.rip) {
      kind = EntryKind::SignalDelivery;
      ++stats_.signalFrames;
    } else if (std::memcmp(&after, &capture.before, sizeof after) != 0) {
      cutHere("the delivery of signal " + std::to_string(capture.signal) + " at " + hex(capture.before.rip),
              "its handler runs on a stack the recorder did not predict (an alternate signal stack set up "
              "before recording began?), so the signal frame's old bytes were not saved");
      thread.last = after;
      return;
    }
  }
  if (capture.syscall && kind == EntryKind::Instruction) finishSyscall(tid, after, capture);
  if (!capture.unreadable.empty()) fillGrownPages(capture);
  const RegisterDelta delta = RegisterDelta::between(capture.before, after);
  if (delta.empty() && !pendingMapChange_) {
    ++stats_.emptySteps;  // nothing ran: a signal stopped the thread first
    thread.last = after;
    return;
  }
  if (pendingMapChange_) ++stats_.mapChanges;
  history_.append(tid, kind, delta, capture.spans.data(), capture.spans.size(), capture.bytes.data(),
                  std::move(pendingMapChange_));
  pendingMapChange_.reset();
  ++stats_.steps;
  stats_.savedBytes += capture.bytes.size();
  for (const SpanDraft& span : capture.spans) forgetCodeIn(span.address, span.length);
  thread.last = after;
}

void Recorder::finishSyscall(pid_t tid, const user_regs_struct& after, StepCapture& capture) {
  const SyscallCall& call = capture.call;
  const int64_t result = static_cast<int64_t>(after.rax);
  bool executed;
  if (capture.restarted) {
    executed = after.rip == capture.before.rip && !isRestartCode(after.rax);
  } else {
    executed = static_cast<int64_t>(after.orig_rax) == static_cast<int64_t>(call.number) &&
               (after.rip == capture.syscallAddress + 2 || call.number == SYS_rt_sigreturn);
  }
  if (!executed) {
    signals_.afterSyscall(-4);  // forget what it was about to change
    return;
  }
  ++stats_.systemCalls;
  signals_.afterSyscall(result);
  MemoryReader reader = [this](uint64_t address, void* out, size_t length) {
    return memory_.read(address, out, length);
  };
  const SyscallEffect done = SyscallEffects::afterCall(call, capture.effect, result, reader);
  if (!capture.restarted) {
    // Keep only what the result says was written (read's first n bytes...).
    std::vector<SpanDraft> spans;
    std::vector<uint8_t> bytes;
    size_t offset = 0;
    for (size_t i = 0; i < capture.spans.size(); ++i) {
      const SpanDraft& span = capture.spans[i];
      const uint8_t* source = capture.bytes.data() + offset;
      offset += span.length;
      if (!capture.trimmable[i]) {
        spans.push_back(span);
        bytes.insert(bytes.end(), source, source + span.length);
        continue;
      }
      for (const MemoryRange& written : done.writes) {
        const uint64_t start = std::max(span.address, written.address);
        const uint64_t end = std::min<uint64_t>(span.address + span.length, written.end());
        if (start >= end) continue;
        spans.push_back(SpanDraft{start, static_cast<uint32_t>(end - start)});
        bytes.insert(bytes.end(), source + (start - span.address), source + (end - span.address));
      }
    }
    capture.spans = std::move(spans);
    capture.bytes = std::move(bytes);
  }
  if (isError(result)) return;
  // Threads: the word the kernel clears when a thread exits.
  if ((call.number == SYS_clone || call.number == SYS_clone3) && result > 0) {
    for (const MemoryRange& range : capture.effect.kernelMaintained) {
      if (range.length == 4) threads_[static_cast<pid_t>(result)].clearChildTid = range.address;
    }
    // The clone's entry is appended next; the child exists in the state after it.
    if (createsThread(call)) {
      const pid_t child = static_cast<pid_t>(result);
      lives_.born(child, history_.endSerial() + 1);
      if (lives_.life(child)->name.empty()) lives_.name(child, nameOf(process_, tid));  // it starts with its parent's
    }
  }
  if (call.number == SYS_prctl && call.args[0] == PR_SET_NAME) lives_.name(tid, nameOf(process_, tid));
  if (call.number == SYS_set_tid_address) threads_[tid].clearChildTid = call.args[0];
  if (capture.mapChanging) pendingMapChange_ = finishMapChange(tid, done, result, capture);
}

std::unique_ptr<MapChangeRecord> Recorder::finishMapChange(pid_t tid, const SyscallEffect& done, int64_t result,
                                                           StepCapture& capture) {
  const MemoryLayout after = MemoryLayout::read(process_.processId());
  auto record = std::make_unique<MapChangeRecord>();
  record->tid = tid;
  record->syscallAddress = capture.syscallAddress;
  const SyscallCall& call = capture.call;
  record->description = SyscallNames::describe(call.number) + "(" + hex(call.args[0]) + ", " +
                        std::to_string(call.args[1]) + ") = " + hex(static_cast<uint64_t>(result));
  std::vector<MemoryRange> affected;
  auto add = [&affected](uint64_t start, uint64_t end) {
    start &= ~(kPage - 1);
    end = pageUp(end);
    if (start < end) affected.push_back(MemoryRange{start, end - start, false});
  };
  for (const MemoryMapChange& change : done.mapChanges) {
    switch (change.kind) {
      case MemoryMapChange::Kind::Map:
      case MemoryMapChange::Kind::Unmap:
      case MemoryMapChange::Kind::Protect:
        add(change.address, change.address + change.length);
        break;
      case MemoryMapChange::Kind::Remap:
        add(change.address, change.address + change.length);
        add(change.newAddress, change.newAddress + change.newLength);
        break;
      case MemoryMapChange::Kind::Break: {
        const uint64_t before = capture.layoutBefore.heapEnd(), now = after.heapEnd();
        if (before && now) add(std::min(before, now), std::max(before, now));
        if (!before && now) {
          for (const MappedRegion& region : after.regions()) {
            if (region.name == "[heap]") add(region.start, region.end);
          }
        }
        break;
      }
      case MemoryMapChange::Kind::Discard:
      case MemoryMapChange::Kind::Replace:
        break;
    }
  }
  // Merge overlapping ranges so each region is clipped once.
  std::sort(affected.begin(), affected.end(),
            [](const MemoryRange& a, const MemoryRange& b) { return a.address < b.address; });
  std::vector<MemoryRange> merged;
  for (const MemoryRange& range : affected) {
    if (!merged.empty() && range.address <= merged.back().end()) {
      merged.back().length = std::max(merged.back().end(), range.end()) - merged.back().address;
    } else {
      merged.push_back(range);
    }
  }
  if (merged.empty()) return nullptr;
  for (const MemoryRange& range : merged) forgetCodeIn(range.address, range.length);
  trustedCode_.clear();
  codePages_.clear();
  record->affected = merged;
  record->before = capture.layoutBefore.clippedTo(merged);
  record->after = after.clippedTo(merged);
  return record;
}

void Recorder::fillGrownPages(StepCapture& capture) {
  // Bytes unreadable before the step but readable now lie on pages the step
  // created (the stack growing): before, they were zeros-to-be.
  std::vector<MemoryRange> readable;
  std::vector<uint8_t> scratch;
  for (const MemoryRange& range : capture.unreadable) {
    scratch.resize(range.length);
    readable.clear();
    memory_.readReadable(range.address, range.length, scratch.data(), readable);
    for (const MemoryRange& part : readable) {
      capture.spans.push_back(SpanDraft{part.address, static_cast<uint32_t>(part.length)});
      capture.trimmable.push_back(0);
      capture.bytes.insert(capture.bytes.end(), part.length, 0);
    }
  }
}

void Recorder::forgetCodeIn(uint64_t address, uint64_t length) {
  if (codePages_.empty() || length == 0) return;
  bool hit = false;
  if (length <= 2 * kPage) {
    for (uint64_t page = address / kPage; page <= (address + length - 1) / kPage && !hit; ++page) {
      hit = codePages_.count(page) != 0;
    }
  } else {
    for (uint64_t page : codePages_) {
      if (page * kPage < address + length && address < (page + 1) * kPage) {
        hit = true;
        break;
      }
    }
  }
  if (!hit) return;
  // Code was written (self-modifying or JIT code): decode again from now on.
  trustedCode_.clear();
  codePages_.clear();
}

bool Recorder::signalCaught(int signal) const {
  std::ifstream status("/proc/" + std::to_string(process_.processId()) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("SigCgt:", 0) != 0) continue;
    const uint64_t mask = std::stoull(line.substr(7), nullptr, 16);
    return signal > 0 && signal <= 64 && ((mask >> (signal - 1)) & 1);
  }
  return true;  // cannot tell: expect a handler, the frame check will tell
}

// ------------------------------------------------------------------ the rest

HistoryCut Recorder::cutHere(const std::string& where, const std::string& why) {
  const uint64_t steps = history_.size();
  HistoryCut cut{history_.endSerial(), steps,
                 "Recording history cut at " + where + ": " + why + ". The " + std::to_string(steps) +
                     " steps recorded before it cannot be undone past it and were discarded; recording goes on "
                     "after it."};
  history_.clear();
  lastCut_ = cut;
  ++stats_.cuts;
  return cut;
}

HistoryCut Recorder::cut(const std::string& reason) {
  const uint64_t steps = history_.size();
  HistoryCut cut{history_.endSerial(), steps,
                 "Recording history cut: " + reason + ". The " + std::to_string(steps) +
                     " steps recorded before it were discarded."};
  history_.clear();
  for (auto& [tid, thread] : threads_) thread.capture.unrecorded = true;
  // Threads that went with the cause (an execve) are gone from here on.
  for (pid_t tid : lives_.living()) {
    if (!process_.task(tid)) lives_.gone(tid, history_.endSerial());
  }
  lastCut_ = cut;
  ++stats_.cuts;
  trustedCode_.clear();
  codePages_.clear();
  return cut;
}

void Recorder::threadExited(pid_t tid) {
  auto found = threads_.find(tid);
  if (found == threads_.end()) return;
  ThreadState& thread = found->second;
  thread.exited = true;
  thread.capture.active = false;
  // Its exit is the entry that cleared its tid word, or else comes after
  // the last entry: the state before it still shows the thread at its exit.
  const bool logged = logClearedTid(tid, thread);
  lives_.gone(tid, history_.endSerial() + (logged ? 0 : 1));
}

bool Recorder::logClearedTid(pid_t tid, const ThreadState& thread) {
  if (!thread.clearChildTid || !history_.atLiveEnd()) return false;
  // The kernel zeroed the thread's tid word as it exited; log the old value.
  int32_t now = -1;
  if (!memory_.read(thread.clearChildTid, &now, sizeof now) || now != 0) return false;
  const int32_t old = tid;
  const SpanDraft span{thread.clearChildTid, 4};
  history_.append(tid, EntryKind::Adjustment, RegisterDelta{}, &span, 1, reinterpret_cast<const uint8_t*>(&old));
  ++stats_.adjustments;
  return true;
}

void Recorder::recordExternalWrite(uint64_t address, uint64_t length) {
  if (!history_.atLiveEnd() || length == 0 || length > kMaxSavedBytes) return;
  std::vector<uint8_t> scratch(length);
  std::vector<MemoryRange> readable;
  memory_.readReadable(address, length, scratch.data(), readable);
  std::vector<SpanDraft> spans;
  std::vector<uint8_t> bytes;
  for (const MemoryRange& part : readable) {
    spans.push_back(SpanDraft{part.address, static_cast<uint32_t>(part.length)});
    const uint8_t* source = scratch.data() + (part.address - address);
    bytes.insert(bytes.end(), source, source + part.length);
  }
  if (spans.empty()) return;
  history_.append(process_.processId(), EntryKind::Adjustment, RegisterDelta{}, spans.data(), spans.size(),
                  bytes.data());
  ++stats_.adjustments;
  forgetCodeIn(address, length);
}

void Recorder::syncRegisters() {
  for (auto& [tid, thread] : threads_) {
    if (!thread.known || thread.exited) continue;
    Task* task = process_.task(tid);
    if (!task || !task->isStopped()) continue;
    if (thread.capture.active) {
      if (task->observedStepInFlight()) continue;
      finishStep(tid, thread, task->registers());  // its step ended in an event stop
    }
    const user_regs_struct& regs = task->registers();
    if (std::memcmp(&regs, &thread.last, sizeof regs) == 0) continue;
    history_.append(tid, EntryKind::Adjustment, RegisterDelta::between(thread.last, regs), nullptr, 0, nullptr);
    ++stats_.adjustments;
    thread.last = regs;
  }
}

bool Recorder::inFlight(pid_t tid) const {
  auto found = threads_.find(tid);
  return found != threads_.end() && found->second.capture.active;
}

bool Recorder::anyInFlight() const {
  for (const auto& [tid, thread] : threads_) {
    if (thread.capture.active && !thread.exited) return true;
  }
  return false;
}

const user_regs_struct* Recorder::lastRegisters(pid_t tid) const {
  auto found = threads_.find(tid);
  return found == threads_.end() || !found->second.known ? nullptr : &found->second.last;
}

std::vector<pid_t> Recorder::knownThreads() const {
  std::vector<pid_t> tids;
  for (const auto& [tid, thread] : threads_) {
    if (thread.known) tids.push_back(tid);
  }
  return tids;
}

}  // namespace rwd
