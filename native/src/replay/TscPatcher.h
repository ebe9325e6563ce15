// TscPatcher: makes rdtsc and rdtscp trap where PR_SET_TSC does not (some
// hypervisors emulate rdtsc without honouring the time-stamp-disable bit,
// so the prctl is accepted and nothing faults). The engine then finds the
// rdtsc/rdtscp instructions in the executable sections of every file the
// program runs code from (decoding with Capstone from the start of the
// enclosing function symbol, so only real instruction boundaries count)
// and overwrites each with ud2: the SIGILL it raises is emulated and logged
// like a faulting rdtsc. Code the program makes itself (JIT) is not covered.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace rwd {

struct TscSite {
  uint64_t address = 0;
  uint8_t length = 2;  // 2: rdtsc, 3: rdtscp
};

class TscPatcher {
 public:
  // Whether rdtsc faults after PR_SET_TSC here (probed once, in a child).
  static bool rdtscTraps();
  // The sites inside the mapping [start, +length) of file `path` at file `offset`.
  static std::vector<TscSite> findSites(const std::string& path, uint64_t start, uint64_t length, uint64_t offset);
  // The sites of every executable file mapping of `pid` (at its exec stop).
  static std::vector<TscSite> findInProcess(pid_t pid);
  // Overwrites each site with ud2 (and a nop for rdtscp); throws when it cannot.
  static void patch(pid_t pid, const std::vector<TscSite>& sites);
  // The bytes a patched site holds.
  static bool isPatchedBytes(const uint8_t* bytes) { return bytes[0] == 0x0F && bytes[1] == 0x0B; }
};

}  // namespace rwd
