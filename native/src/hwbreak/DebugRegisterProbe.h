// DebugRegisterProbe: finds out at run time whether the CPU's debug
// registers really trap. Some virtual machines accept values in DR0–DR7
// (the kernel even reads them back) but never deliver the traps, so a
// debugger that trusts them waits forever. The probe forks a tiny traced
// copy of this process, arms an execution breakpoint on one of its own
// functions and a write watch on one of its own globals, lets it run, and
// checks that both traps arrive where expected; the child running to its
// exit (or a timeout) means they do not. While it has the child it also
// times a few dozen single steps, the price of software watchpoints here.
// The child is killed and reaped in every case. Done once per process and
// cached; a few milliseconds. REWIND_DEBUG_REGISTERS=off in the helper's
// environment makes the verdict "no" whatever the probe found: hardware
// breakpoints are refused and data breakpoints are software watchpoints
// (for a machine whose registers misbehave, and to test that path where
// they trap).
#pragma once

#include <string>

namespace rwd {

struct DebugRegisterVerdict {
  bool traps = false;
  // Why, in words for the user: "the CPU's debug registers do not trap on
  // this machine (…)", or what failed while probing.
  std::string explanation;
  // Single steps per second measured on the probe child (0: not measured).
  double singleStepsPerSecond = 0;
};

class DebugRegisterProbe {
 public:
  static constexpr const char* kTurnOffVariable = "REWIND_DEBUG_REGISTERS";
  // The cached verdict; the first call runs the probe.
  static const DebugRegisterVerdict& verdict();
  // Runs the probe now, uncached (tests). `timeoutMs` bounds each wait for
  // a trap.
  static DebugRegisterVerdict run(int timeoutMs = 500);
};

}  // namespace rwd
