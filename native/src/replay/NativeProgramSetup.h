// NativeProgramSetup: prepares a program stopped right after its exec for
// native recording — how rdtsc and cpuid are trapped on this machine
// (chooseTraps, before the program starts), then in the program: the vDSO
// hidden, cpuid made to fault where it can, rdtsc made to fault (or its
// sites patched to ud2), and the start checkpoint taken. The standalone
// recorder and the debugger's recorder start a recording the same way.
#pragma once

#include <sys/types.h>

#include "replay/NativeRecording.h"
#include "replay/SyscallEventLogger.h"

namespace rwd {

class NativeProgramSetup {
 public:
  // Fills cpuidTrapped, rdtscTrapped and (where cpuid cannot fault) the CPU
  // the program must stay on; throws when the CPU cannot be told.
  static void chooseTraps(NativeRecording& recording);
  // At the exec stop of `pid`; throws with a message naming the facility
  // the kernel lacks. The start checkpoint is added to `recording`.
  static void atExec(pid_t pid, NativeRecording& recording, SyscallEventLogger& logger);
};

}  // namespace rwd
