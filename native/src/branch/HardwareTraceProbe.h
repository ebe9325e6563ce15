// HardwareTraceProbe: finds out at run time whether this machine can trace
// branches in hardware. The kernel lists each PMU driver under
// /sys/bus/event_source/devices/<name>/type; intel_bts and intel_pt are the
// two Rewind can decode. When a driver is listed, the probe also tries
// perf_event_open on the calling thread to learn whether it may be used
// (perf_event_paranoid, permissions). The verdict is a sentence for the
// user: "no Intel PT/BTS on this machine (no PMU driver)" where neither
// driver exists — virtual machines without a virtual PMU, such as the ones
// Rewind is developed on.
#pragma once

#include <optional>
#include <string>

namespace rwd {

struct TraceFacility {
  std::string pmu;          // "intel_bts" or "intel_pt"
  std::optional<int> type;  // perf event type from sysfs; nullopt: no driver
  bool usable = false;      // perf_event_open succeeded
  std::string problem;      // why it is not usable (empty when usable)
};

struct HardwareTraceReport {
  TraceFacility bts;
  TraceFacility pt;
  bool anyUsable() const { return bts.usable || pt.usable; }
  std::string message;  // one sentence for the user
};

class HardwareTraceProbe {
 public:
  static constexpr const char* kNoDriverMessage = "no Intel PT/BTS on this machine (no PMU driver)";

  // `sysfsDevices` is where PMU drivers are listed (a test points it elsewhere).
  explicit HardwareTraceProbe(std::string sysfsDevices = "/sys/bus/event_source/devices")
      : devices_(std::move(sysfsDevices)) {}
  HardwareTraceReport probe() const;

 private:
  TraceFacility probeOne(const std::string& pmu) const;
  std::string devices_;
};

}  // namespace rwd
