// ProbeSupport: whether this machine lets the helper put uprobes with BPF
// programs into a debuggee — the uprobe event source exists and BPF
// programs with the helpers an exact stop uses load — and, when not, why,
// in one sentence. Found once.
#pragma once

#include <cstdint>
#include <string>

namespace rwd {

class ProbeSupport {
 public:
  // Empty when probes work; otherwise the reason, e.g. "BPF programs may
  // not be loaded here (no CAP_BPF / CAP_PERFMON, or BPF is disabled)".
  static const std::string& unavailableReason();
  // The perf event type of the uprobe event source; -1 when there is none.
  static int uprobeEventType();

 private:
  static std::string findReason();
};

}  // namespace rwd
