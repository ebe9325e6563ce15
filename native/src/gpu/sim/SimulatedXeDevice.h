// SimulatedXeDevice: an Intel Xe render node with the eudebug interface,
// simulated in-process for the tests (never used outside them). It answers
// the same calls the kernel does (GpuDriverPort): connect gives a debug fd
// that is a real eventfd, readable while events are queued, so the helper's
// wait loop polls it like the real one; READ_EVENT fails with EMSGSIZE for
// a buffer too small and keeps the event; events that need an ack are held
// until acked; EU control interrupts, reports and resumes threads by
// bitmask; VM fds are read and written with pread/pwrite. A SimScript says
// what the client does; clientLog() is the client's log of what it
// created, in the words XeEudebugBackend logs what it saw.
#pragma once

#include <sys/types.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "gpu/GpuCodeObject.h"
#include "gpu/GpuDriverPort.h"
#include "gpu/XeThreadTopology.h"
#include "gpu/sim/SimMemory.h"
#include "gpu/sim/SimScript.h"

namespace rwd {

class SimulatedXeDevice : public GpuDriverPort {
 public:
  explicit SimulatedXeDevice(SimScript script, std::string renderNode = "/dev/dri/renderD128");
  ~SimulatedXeDevice() override;

  int open(const std::string& path, int flags) override;
  int ioctl(int fd, unsigned long request, void* argument) override;
  ssize_t pread(int fd, void* buffer, size_t size, uint64_t offset) override;
  ssize_t pwrite(int fd, const void* buffer, size_t size, uint64_t offset) override;
  int close(int fd) override;

  const std::vector<std::string>& clientLog() const { return clientLog_; }
  size_t unacknowledged() const { return needAck_.size(); }
  size_t queuedEvents() const { return queue_.size(); }
  bool finished() const { return stage_ >= script_.stages().size(); }
  pid_t connectedPid() const { return pid_; }
  // Requests the debugger made, by name ("connect", "eu_control resume"...).
  const std::vector<std::string>& requests() const { return requests_; }

 private:
  struct Thread {
    uint64_t queue = 0, lrc = 0;
    XeThreadSlot slot;
    uint64_t pc = 0;
  };
  struct Metadata {
    uint64_t type = 0;
    std::vector<uint8_t> bytes;
    std::string file;
  };

  void runStages();
  void run(const SimStep& step);
  void bind(const SimStep& step);
  void stopThreads(uint64_t queue, uint64_t lrc, std::vector<Thread> threads);
  void queueEvent(std::vector<uint8_t> event, bool needAck);
  void updateReadiness();
  uint64_t resolvePc(const SimStep& step, const std::string& key);
  std::vector<Thread> threadsOf(const SimStep& step, uint64_t pc) const;
  uint64_t vmOfQueue(uint64_t queue) const;
  int readEvent(void* argument);
  int euControl(void* argument);
  ssize_t accessVm(int fd, size_t size, const std::function<bool(SimMemory&)>& access);

  SimScript script_;
  std::string renderNode_;
  size_t stage_ = 0;
  int renderFd_ = -1, debugFd_ = -1;
  std::map<int, uint64_t> vmFds_;
  pid_t pid_ = 0;
  uint64_t nextSeqno_ = 1;
  std::deque<std::vector<uint8_t>> queue_;
  size_t stageFirstEvent_ = 0;  // where this stage's events begin, for "shuffle"
  bool shuffle_ = false;
  std::set<uint64_t> needAck_;
  std::map<uint64_t, uint64_t> queueVms_;  // exec queue → vm
  std::map<uint64_t, Metadata> metadata_;
  std::map<uint64_t, SimMemory> memory_;  // by vm
  XeThreadTopology topology_;
  uint64_t sipVm_ = 0, sipAddress_ = 0, sbaBase_ = 0;
  bool sipBound_ = false;
  std::vector<std::shared_ptr<GpuCodeObject>> code_;  // ELF binaries bound so far
  std::vector<Thread> running_;                       // declared by "running", stopped by an interrupt
  std::vector<Thread> stopped_;
  std::vector<std::string> clientLog_;
  std::vector<std::string> requests_;
};

}  // namespace rwd
