// AuxvEditor: walk the initial stack to the auxv and rewrite one entry type.
#include "replay/AuxvEditor.h"

#include <elf.h>
#include <sys/user.h>

#include "replay/ProcMemFile.h"
#include "replay/Ptrace.h"

namespace rwd {

bool AuxvEditor::hideVdso(pid_t pid) {
  const user_regs_struct regs = Ptrace::registers(pid);
  ProcMemFile memory(pid);
  uint64_t at = regs.rsp;
  uint64_t argc = 0;
  if (!memory.read(at, &argc, 8)) return false;
  at += 8 * (argc + 2);                          // argc, argv[], NULL
  for (uint64_t word = 1; word != 0; at += 8) {  // envp[] up to its NULL
    if (!memory.read(at, &word, 8)) return false;
  }
  for (int entry = 0; entry < 128; ++entry, at += 16) {
    uint64_t pair[2] = {};
    if (!memory.read(at, pair, sizeof pair)) return false;
    if (pair[0] == AT_NULL) return false;
    if (pair[0] == AT_SYSINFO_EHDR) {
      const uint64_t ignore = AT_IGNORE;
      return memory.write(at, &ignore, 8);
    }
  }
  return false;
}

}  // namespace rwd
