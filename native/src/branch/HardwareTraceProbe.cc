// HardwareTraceProbe: reads the PMU type from sysfs, then opens (and at
// once closes) a disabled perf event of that type on this thread.
#include "branch/HardwareTraceProbe.h"

#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>

namespace rwd {

TraceFacility HardwareTraceProbe::probeOne(const std::string& pmu) const {
  TraceFacility facility;
  facility.pmu = pmu;
  std::ifstream typeFile(devices_ + "/" + pmu + "/type");
  int type = -1;
  if (!(typeFile >> type) || type < 0) {
    facility.problem = "no " + pmu + " PMU driver";
    return facility;
  }
  facility.type = type;
  perf_event_attr attributes{};
  attributes.size = sizeof attributes;
  attributes.type = static_cast<uint32_t>(type);
  attributes.disabled = 1;
  attributes.exclude_kernel = 1;
  attributes.exclude_hv = 1;
  long fd = ::syscall(SYS_perf_event_open, &attributes, 0 /* this thread */, -1, -1, 0);
  if (fd < 0) {
    const int error = errno;
    facility.problem = pmu + " is listed but perf_event_open refused it: " + std::strerror(error);
    if (error == EACCES || error == EPERM) {
      facility.problem += " (lower /proc/sys/kernel/perf_event_paranoid, or give the helper CAP_PERFMON)";
    }
    return facility;
  }
  ::close(static_cast<int>(fd));
  facility.usable = true;
  return facility;
}

HardwareTraceReport HardwareTraceProbe::probe() const {
  HardwareTraceReport report;
  report.bts = probeOne("intel_bts");
  report.pt = probeOne("intel_pt");
  if (!report.bts.type && !report.pt.type) {
    report.message = kNoDriverMessage;
  } else if (report.pt.usable && report.bts.usable) {
    report.message = "Intel PT and Intel BTS are available";
  } else if (report.pt.usable) {
    report.message = "Intel PT is available" + (report.bts.problem.empty() ? "" : "; " + report.bts.problem);
  } else if (report.bts.usable) {
    report.message = "Intel BTS is available" + (report.pt.problem.empty() ? "" : "; " + report.pt.problem);
  } else {
    report.message = "no usable Intel PT/BTS: " + report.pt.problem + "; " + report.bts.problem;
  }
  return report;
}

}  // namespace rwd
