// SyscallEventLogger: logs one traced system call of a natively recorded
// program in two halves — at its seccomp entry stop (the policy's decision:
// refused, vetoed, the program's exit, or a call whose result must be read
// at its exit; what a write hands out is digested) and at its exit stop
// (the result, the bytes the kernel wrote, a file mapping's identity and
// the rdtsc sites of newly mapped code). The standalone recorder waits for
// the exit at once; the debugger's recorder gets it later from its event
// loop. Both share this class, so a call is logged the same way by both.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <functional>
#include <string>

#include "record/SyscallCall.h"
#include "record/SyscallEffect.h"
#include "replay/NativeRecording.h"
#include "replay/SyscallPolicy.h"
#include "replay/TscPatcher.h"

namespace rwd {

class SyscallEventLogger {
 public:
  enum class Next {
    Refused,    // recording cannot go past this call (refusal() says why); nothing logged
    Resume,     // logged in full (a vetoed call, the program's exit): resume the program
    AwaitExit,  // resume to the call's exit stop and call exit() there
  };

  explicit SyscallEventLogger(NativeRecording& recording) : recording_(recording) {}

  // At the seccomp entry stop of `pid` (registers `regs`).
  Next enter(pid_t pid, const user_regs_struct& regs);
  // At the exit stop of the call enter() asked for: completes its event.
  void exit(pid_t pid, const user_regs_struct& after);
  // Forgets the call waiting for its exit (it is to be made again).
  void abandon() { pending_ = NativeEvent{}; }
  const std::string& refusal() const { return refusal_; }
  // The name of the call waiting for its exit (for messages).
  const std::string& pendingName() const { return before_.name; }
  // Overwrites the rdtsc sites with ud2 and remembers them (see TscPatcher).
  void patchTscSites(pid_t pid, const std::vector<TscSite>& sites);
  // Whether a new thread may be logged (the recorder serializes threads:
  // ThreadScheduler); otherwise clone of a thread, and clone3, are refused.
  void allowThreads() { threadsAllowed_ = true; }
  // Called for each site patched (the debugger shows the original bytes there).
  std::function<void(const TscSite& site)> sitePatched;

 private:
  Next refuse(std::string why);
  std::vector<MemoryPatch> readWrites(pid_t pid, const SyscallCall& call, int64_t result) const;

  NativeRecording& recording_;
  NativeEvent pending_;
  SyscallCall call_{};
  SyscallEffect before_;
  SyscallPolicy::Treatment treatment_ = SyscallPolicy::Treatment::Skipped;
  std::string refusal_;
  bool threadsAllowed_ = false;
};

}  // namespace rwd
