// InstructionTrap: the instructions whose results the CPU makes up and the
// native engine therefore traps and logs: rdtsc and rdtscp (PR_SET_TSC
// makes them fault) and cpuid (ARCH_SET_CPUID makes it fault). Each fault
// arrives as SIGSEGV at the instruction. `recognize` says which one sits at
// rip; `execute` runs it in the tracer (cpuid with rdrand/rdseed and
// transactional memory hidden, so the program never takes paths the engine
// cannot replay); `apply` hands the values to the program and moves past it.
// Some processors (and virtual machines) cannot make cpuid fault; there the
// recorder keeps the program on one CPU instead, so that cpuid's only
// CPU-dependent answers (the APIC ids) are the same in every replay.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <optional>
#include <unordered_map>

#include "replay/NativeEvent.h"

namespace rwd {

class InstructionTrap {
 public:
  // An Rdtsc or Cpuid event (kind, rip, length) when one of them is at rip,
  // or when rip is one of the rdtsc sites patched to ud2 (address → length).
  static std::optional<NativeEvent> recognize(pid_t pid, const user_regs_struct& regs,
                                              const std::unordered_map<uint64_t, uint8_t>& patchedSites);
  // Fills event.values by running the instruction here.
  static void execute(NativeEvent& event, const user_regs_struct& regs);
  // The registers after the instruction, with the event's values.
  static user_regs_struct apply(const NativeEvent& event, user_regs_struct regs);
  // Whether this machine can make cpuid fault (ARCH_SET_CPUID).
  static bool cpuidFaultingAvailable();
};

}  // namespace rwd
