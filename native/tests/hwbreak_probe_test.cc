// Test of DebugRegisterProbe on this machine: whatever the verdict, it
// comes with an explanation, the probe leaves no child behind (traced or
// not), the cached verdict is computed once, and the single-step rate it
// measured is a real number. Whether the verdict is right is checked by
// hwbreak_x86_writer_test, which arms the registers itself.
#include "support/Check.h"
#include "hwbreak/DebugRegisterProbe.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <string>

using namespace rwd;

namespace {

// True when this process has no child left, reaped or not.
bool noChildLeft() {
  int status = 0;
  errno = 0;
  return ::waitpid(-1, &status, WNOHANG | __WALL) == -1 && errno == ECHILD;
}

}  // namespace

int main() {
  alarm(20);  // the probe bounds its own waits; this only guards the test
  const DebugRegisterVerdict first = DebugRegisterProbe::run(300);
  std::printf("probe: traps=%d, %.0f single steps/s: %s\n", first.traps, first.singleStepsPerSecond,
              first.explanation.c_str());
  CHECK(!first.explanation.empty());
  CHECK(noChildLeft());
#if defined(__x86_64__)
  // Either way the child reaches the point where its single steps are timed.
  CHECK(first.singleStepsPerSecond > 0);
  CHECK(first.explanation.find("could not be checked") == std::string::npos);
#endif

  // A second run agrees: the verdict is a property of the machine.
  const DebugRegisterVerdict second = DebugRegisterProbe::run(300);
  CHECK(second.traps == first.traps);
  CHECK(noChildLeft());

  const DebugRegisterVerdict& cached = DebugRegisterProbe::verdict();
  CHECK(&cached == &DebugRegisterProbe::verdict());
  CHECK(cached.traps == first.traps);
  CHECK(noChildLeft());

  if (checkFailures()) {
    std::fprintf(stderr, "hwbreak_probe_test: %d check(s) failed\n", checkFailures());
    return 1;
  }
  std::printf("hwbreak_probe_test: all checks passed\n");
  return 0;
}
