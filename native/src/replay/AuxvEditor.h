// AuxvEditor: hides the vDSO from a freshly exec'd program. At the exec
// stop the initial stack holds argc, argv, envp and the auxiliary vector;
// turning its AT_SYSINFO_EHDR entry into AT_IGNORE makes the C library
// fall back to real system calls for clock_gettime, gettimeofday, time and
// getcpu, which the engine can trap and log (the vDSO answers them from
// shared kernel pages no tracer sees).
#pragma once

#include <sys/types.h>

namespace rwd {

class AuxvEditor {
 public:
  // True when an AT_SYSINFO_EHDR entry was found and hidden.
  static bool hideVdso(pid_t pid);
};

}  // namespace rwd
