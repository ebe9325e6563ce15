// SyscallEventLogger: the entry and exit halves of logging a system call.
#include "replay/SyscallEventLogger.h"

#include <sys/mman.h>
#include <sys/syscall.h>

#include <algorithm>

#include "record/RemoteMemory.h"
#include "record/SyscallEffects.h"
#include "replay/MemoryDigest.h"
#include "replay/OutputDigest.h"
#include "replay/Ptrace.h"

namespace rwd {

SyscallEventLogger::Next SyscallEventLogger::refuse(std::string why) {
  refusal_ = std::move(why);
  return Next::Refused;
}

SyscallEventLogger::Next SyscallEventLogger::enter(pid_t pid, const user_regs_struct& regs) {
  call_ = SyscallCall::atEntryStop(regs);
  before_ = SyscallEffect{};
  const SyscallPolicy::Decision decision = SyscallPolicy::decide(call_);
  treatment_ = decision.treatment;
  NativeEvent event;
  event.kind = NativeEvent::Kind::Syscall;
  event.rip = regs.rip;
  event.number = call_.number;
  std::copy(std::begin(call_.args), std::end(call_.args), std::begin(event.args));
  if (!threadsAllowed_ && (decision.treatment == SyscallPolicy::Treatment::Thread || call_.number == SYS_clone3))
    return refuse("the program creates a thread; native recording covers single-threaded programs only here");
  switch (decision.treatment) {
    case SyscallPolicy::Treatment::Refused:
      return refuse(decision.refusal);
    case SyscallPolicy::Treatment::Exit:
      event.kind = NativeEvent::Kind::Exit;
      event.finalRegisters = regs;
      event.memoryDigest = MemoryDigest::ofWritableMemory(pid);
      recording_.events.push_back(std::move(event));
      recording_.reachedExit = true;
      return Next::Resume;
    case SyscallPolicy::Treatment::Vetoed: {
      user_regs_struct vetoed = regs;
      vetoed.orig_rax = ~0ull;
      vetoed.rax = static_cast<uint64_t>(decision.vetoResult);
      Ptrace::setRegisters(pid, vetoed);
      event.result = decision.vetoResult;
      event.origRaxAtExit = ~0ull;
      recording_.events.push_back(std::move(event));
      return Next::Resume;
    }
    default:
      break;
  }
  if (decision.treatment == SyscallPolicy::Treatment::Skipped) {
    const RemoteMemory memory(pid, nullptr);
    before_ = SyscallEffects::beforeCall(
        call_, [&memory](uint64_t address, void* out, size_t length) { return memory.read(address, out, length); });
    if (!before_.known) return refuse(before_.message());
    if (!before_.mapChanges.empty())
      return refuse("the program changes its memory map with " + before_.name +
                    ", which native replay does not reproduce");
    event.inputDigest = OutputDigest::of(pid, call_);
  }
  if (call_.number == SYS_madvise &&
      (call_.args[2] == MADV_DONTNEED || call_.args[2] == MADV_REMOVE || call_.args[2] == MADV_FREE)) {
    for (const MappedFile& file : recording_.mappedFiles) {
      if (file.overlaps(call_.args[0], call_.args[1]))
        return refuse("the program discards pages of the mapped file " + file.path +
                      " (madvise), which native replay does not reproduce");
    }
  }
  pending_ = std::move(event);
  return Next::AwaitExit;
}

void SyscallEventLogger::exit(pid_t pid, const user_regs_struct& after) {
  NativeEvent event = std::move(pending_);
  pending_ = NativeEvent{};
  event.result = static_cast<int64_t>(after.rax);
  event.origRaxAtExit = after.orig_rax;
  if (treatment_ == SyscallPolicy::Treatment::Executed || treatment_ == SyscallPolicy::Treatment::Thread) {
    event.executed = true;
  } else if (treatment_ == SyscallPolicy::Treatment::FileMap) {
    if (event.result < 0 && event.result >= -4095) {
      // A failed mmap maps nothing; replay gives the same error.
    } else {
      MappedFile file = MappedFile::capture(pid, static_cast<int>(call_.args[4]), static_cast<uint64_t>(event.result),
                                            call_.args[1], call_.args[5]);
      if (!recording_.rdtscTrapped && (call_.args[2] & PROT_EXEC)) {
        file.tscSites = TscPatcher::findSites(file.path, file.address, file.length, file.offset);
        patchTscSites(pid, file.tscSites);
      }
      recording_.mappedFiles.push_back(std::move(file));
      event.mappedFile = static_cast<int>(recording_.mappedFiles.size() - 1);
    }
  } else {
    event.memory = readWrites(pid, call_, event.result);
  }
  recording_.events.push_back(std::move(event));
}

void SyscallEventLogger::patchTscSites(pid_t pid, const std::vector<TscSite>& sites) {
  TscPatcher::patch(pid, sites);
  for (const TscSite& site : sites) {
    recording_.tscSites[site.address] = site.length;
    if (sitePatched) sitePatched(site);
  }
}

std::vector<MemoryPatch> SyscallEventLogger::readWrites(pid_t pid, const SyscallCall& call, int64_t result) const {
  const RemoteMemory memory(pid, nullptr);
  const MemoryReader reader = [&memory](uint64_t address, void* out, size_t length) {
    return memory.read(address, out, length);
  };
  const SyscallEffect after = SyscallEffects::afterCall(call, before_, result, reader);
  std::vector<MemoryPatch> patches;
  for (const MemoryRange& range : after.writes) {
    std::vector<uint8_t> bytes(range.length);
    std::vector<MemoryRange> readable;
    memory.readReadable(range.address, range.length, bytes.data(), readable);
    for (const MemoryRange& piece : readable) {
      const auto from = bytes.begin() + static_cast<long>(piece.address - range.address);
      patches.push_back(MemoryPatch{piece.address, std::vector<uint8_t>(from, from + static_cast<long>(piece.length))});
    }
  }
  return patches;
}

}  // namespace rwd
