// GpuDetector: which GPU debug interface this machine offers the helper,
// looked for at launch and attach, and a sentence saying so — or saying
// why there is none, per vendor: no device node, a kernel without the
// interface, not permitted, the library absent. The environment variable
// REWIND_GPU_SIMULATOR=xe:<script> or kfd:<script> (tests only) selects a
// simulated device instead of the machine's.
#pragma once

#include <string>

namespace rwd {

struct GpuOffer {
  enum class Kind { None, IntelXe, AmdKfd, SimulatedXe, SimulatedKfd };
  Kind kind = Kind::None;
  std::string node;      // "/dev/dri/renderD128", "/dev/kfd", or the script's path
  std::string sentence;  // for the Debug Console
};

class GpuDetector {
 public:
  GpuOffer detect() const;

 private:
  // Each returns an empty string and fills `offer` when the interface is
  // there, else the reason it is not.
  std::string findIntelXe(GpuOffer& offer) const;
  std::string findAmdKfd(GpuOffer& offer) const;
  std::string findNvidia() const;
};

}  // namespace rwd
