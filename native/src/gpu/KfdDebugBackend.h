// KfdDebugBackend: GpuBackend over the AMD KFD debugger API (KfdDebugAbi.h
// pins it). Enable hands the KFD the write end of a pipe, which it writes
// to when it raises an exception; the read end is the fd the wait loop
// polls. Raised exceptions are found with QUERY_DEBUG_EVENT until EAGAIN;
// a queue exception suspends that queue, the runtime's start (EC_PROCESS_
// RUNTIME) is answered with SEND_RUNTIME_EVENT so the runtime goes on.
// Queues are suspended and resumed by id; memory goes through
// /proc/PID/mem. Waves are not decoded from the context save area yet: a
// suspended queue is one GPU thread whose registers are the queue's
// snapshot (addresses of its ring and save area).
#pragma once

#include <map>
#include <string>

#include "gpu/GpuBackend.h"
#include "gpu/GpuDriverPort.h"
#include "gpu/KfdDebugAbi.h"

namespace rwd {

class KfdDebugBackend : public GpuBackend {
 public:
  explicit KfdDebugBackend(GpuDriverPort& port, std::string kfdPath = "/dev/kfd");
  ~KfdDebugBackend() override;

  std::string interfaceName() const override { return "AMD KFD debugger"; }
  void attach(pid_t pid) override;
  void detach() override;
  int eventFd() const override { return pipe_[0]; }
  std::vector<GpuChange> pollEvents() override;
  std::vector<GpuThread> threads() const override;
  void interruptAll() override;
  void resume(const std::vector<uint64_t>& threadIds) override;
  std::vector<GpuRegister> registers(uint64_t threadId) override;
  uint64_t programCounter(uint64_t threadId) override;
  std::vector<uint8_t> readMemory(uint64_t threadId, uint64_t address, size_t size) override;
  void writeMemory(uint64_t threadId, uint64_t address, const std::vector<uint8_t>& bytes) override;
  std::vector<std::shared_ptr<GpuCodeObject>> codeObjects() const override { return {}; }
  void insertBreakpoint(uint64_t address) override;
  void removeBreakpoint(uint64_t address) override;

 private:
  int trap(uint32_t op, kfd::DbgTrapArgs& args);
  std::map<uint32_t, kfd::QueueSnapshotEntry> snapshot();
  void suspend(const std::vector<uint32_t>& queues, uint64_t clearMask, const std::string& reason,
               std::vector<GpuChange>& changes);
  const GpuThread& stoppedThread(uint64_t threadId) const;

  GpuDriverPort& port_;
  std::string kfdPath_;
  pid_t pid_ = 0;
  int kfdFd_ = -1, memFd_ = -1;
  int pipe_[2] = {-1, -1};
  std::map<uint32_t, kfd::QueueSnapshotEntry> queues_;  // by queue id, as last snapshot
  std::map<uint64_t, GpuThread> stopped_;               // by thread id = queue id + 1
  std::vector<GpuChange> pending_;                      // from interruptAll, for the next poll
};

}  // namespace rwd
