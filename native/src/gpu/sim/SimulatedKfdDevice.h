// SimulatedKfdDevice: /dev/kfd with the debugger API and /proc/PID/mem,
// simulated in-process for the tests (never used outside them). It answers
// the calls KfdDebugBackend makes (GpuDriverPort): GET_VERSION, and
// AMDKFD_IOC_DBG_TRAP enable (keeping the debugger's notification fd and
// writing to it when the script raises an exception), query debug event,
// send runtime event, suspend/resume queues, queue snapshot, disable. A
// SimScript says what the program's runtime and waves do; requests() is
// the debugger's request sequence as the device saw it.
#pragma once

#include <sys/types.h>

#include <map>
#include <set>
#include <string>
#include <vector>

#include "gpu/GpuDriverPort.h"
#include "gpu/KfdDebugAbi.h"
#include "gpu/sim/SimMemory.h"
#include "gpu/sim/SimScript.h"

namespace rwd {

class SimulatedKfdDevice : public GpuDriverPort {
 public:
  explicit SimulatedKfdDevice(SimScript script);
  ~SimulatedKfdDevice() override;

  int open(const std::string& path, int flags) override;
  int ioctl(int fd, unsigned long request, void* argument) override;
  ssize_t pread(int fd, void* buffer, size_t size, uint64_t offset) override;
  ssize_t pwrite(int fd, const void* buffer, size_t size, uint64_t offset) override;
  int close(int fd) override;

  const std::vector<std::string>& requests() const { return requests_; }
  bool runtimeWaiting() const { return runtimeWaiting_; }
  bool finished() const { return stage_ >= script_.stages().size(); }
  const std::set<uint32_t>& suspended() const { return suspended_; }

 private:
  struct Raised {
    uint64_t mask = 0;
    uint32_t gpu = 0, queue = 0;
  };
  void runStages();
  void run(const SimStep& step);
  void raise(Raised raised);
  int trap(kfd::DbgTrapArgs& args);

  SimScript script_;
  size_t stage_ = 0;
  int kfdFd_ = -1, memFd_ = -1, notifyFd_ = -1;
  uint32_t minorVersion_ = 15;
  pid_t debugged_ = 0;
  bool enabled_ = false, runtimeWaiting_ = false;
  std::vector<Raised> raised_;
  std::map<uint32_t, kfd::QueueSnapshotEntry> queues_;
  std::set<uint32_t> suspended_;
  SimMemory memory_;
  std::vector<std::string> requests_;
};

}  // namespace rwd
