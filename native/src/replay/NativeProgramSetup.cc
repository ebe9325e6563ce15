// NativeProgramSetup: trap choice, image set-up and the start checkpoint.
#include "replay/NativeProgramSetup.h"

#include <asm/prctl.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/syscall.h>

#include <chrono>
#include <stdexcept>

#include "replay/AuxvEditor.h"
#include "replay/CheckpointForker.h"
#include "replay/InstructionTrap.h"
#include "replay/Ptrace.h"
#include "replay/StubSyscall.h"
#include "replay/TscPatcher.h"

namespace rwd {

void NativeProgramSetup::chooseTraps(NativeRecording& recording) {
  recording.cpuidTrapped = InstructionTrap::cpuidFaultingAvailable();
  recording.rdtscTrapped = TscPatcher::rdtscTraps();
  if (!recording.cpuidTrapped) {
    // One CPU for the program and every copy of it: the same APIC ids in cpuid.
    recording.pinnedCpu = ::sched_getcpu();
    if (recording.pinnedCpu < 0) throw std::runtime_error("cannot tell which CPU the recorder runs on");
  }
}

void NativeProgramSetup::atExec(pid_t pid, NativeRecording& recording, SyscallEventLogger& logger) {
  if (!AuxvEditor::hideVdso(pid)) throw std::runtime_error("the program's auxiliary vector has no vDSO entry to hide");
  if (recording.cpuidTrapped && StubSyscall::run(pid, SYS_arch_prctl, {ARCH_SET_CPUID, 0}) != 0)
    throw std::runtime_error("cpuid faulting (ARCH_SET_CPUID) failed in the program");
  if (StubSyscall::run(pid, SYS_prctl, {PR_SET_TSC, PR_TSC_SIGSEGV}) != 0)
    throw std::runtime_error("this kernel cannot make rdtsc fault (PR_SET_TSC), which native recording needs");
  if (!recording.rdtscTrapped) logger.patchTscSites(pid, TscPatcher::findInProcess(pid));
  // The start checkpoint: replay can begin at the program's first instruction.
  const auto start = std::chrono::steady_clock::now();
  NativeCheckpoint first{0, CheckpointForker::forkAtEntry(pid), true};
  first.registers = Ptrace::registers(pid);
  recording.checkpoints.add(first);
  recording.checkpointMilliseconds +=
      std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  ++recording.checkpointsTaken;
}

}  // namespace rwd
