// XeEudebugBackend: GpuBackend over the Intel Xe eudebug interface
// (XeEudebugAbi.h pins the uAPI). Connect on the render node gives the
// debug fd; its events (clients, VMs, exec queues, binds, metadata, EU
// attention) are read until none is left, applied in seqno order, and
// acknowledged where the kernel waits for it; a buffer too small for an
// event (-EMSGSIZE) is grown and the read retried. EU control interrupts,
// lists and resumes threads by bitmask; each VM is read and written with
// pread/pwrite on its VM fd at GPU addresses.
#pragma once

#include <map>
#include <set>
#include <string>
#include <tuple>

#include "gpu/GpuBackend.h"
#include "gpu/GpuDriverPort.h"
#include "gpu/XeEudebugAbi.h"
#include "gpu/XeThreadTopology.h"

namespace rwd {

class XeEudebugBackend : public GpuBackend {
 public:
  XeEudebugBackend(GpuDriverPort& port, std::string renderNode);
  ~XeEudebugBackend() override;

  std::string interfaceName() const override { return "Intel Xe eudebug"; }
  void attach(pid_t pid) override;
  void detach() override;
  int eventFd() const override { return debugFd_; }
  std::vector<GpuChange> pollEvents() override;
  void releaseHeldEvents() override;
  std::vector<GpuThread> threads() const override;
  void interruptAll() override;
  void resume(const std::vector<uint64_t>& threadIds) override;
  std::vector<GpuRegister> registers(uint64_t threadId) override;
  uint64_t programCounter(uint64_t threadId) override;
  std::vector<uint8_t> readMemory(uint64_t threadId, uint64_t address, size_t size) override;
  void writeMemory(uint64_t threadId, uint64_t address, const std::vector<uint8_t>& bytes) override;
  std::vector<std::shared_ptr<GpuCodeObject>> codeObjects() const override;
  void insertBreakpoint(uint64_t address) override;
  void removeBreakpoint(uint64_t address) override;

  // For tests: how often a read was retried with a larger buffer, and the
  // buffer size now.
  int eventBufferGrowths() const { return growths_; }
  size_t eventBufferSize() const { return buffer_.size(); }

 private:
  struct Queue {
    uint64_t client = 0, vm = 0;
    std::vector<uint64_t> lrcs;
  };
  struct Bind {
    uint64_t client = 0, vm = 0;
  };
  struct BindOp {
    uint64_t vm = 0, address = 0, range = 0;
  };
  struct Metadata {
    uint64_t type = 0;
    std::vector<uint8_t> bytes;
  };
  struct Area {
    uint64_t vm = 0, address = 0;
    bool known = false;
  };
  // (exec queue, lrc, slot): one hardware thread of one context.
  using ThreadKey = std::tuple<uint64_t, uint64_t, XeThreadSlot>;
  struct ThreadState {
    GpuThread thread;
    ThreadKey key;
  };
  struct Breakpoint {
    uint64_t vm = 0;
    bool alreadySet = false;  // the instruction had the bit already
  };

  bool readOneEvent(std::vector<uint8_t>& event);
  void apply(const std::vector<uint8_t>& event, std::vector<GpuChange>& changes);
  void applyAttention(const xe::EventEuAttention& attention, const uint8_t* bitmask, std::vector<GpuChange>& changes);
  void linkMetadata(const BindOp& op, uint64_t metadataHandle, std::vector<GpuChange>& changes);
  void acknowledge(const xe::Event& event);
  std::vector<uint8_t> euControl(uint64_t client, uint32_t command, uint64_t queue, uint64_t lrc,
                                 std::vector<uint8_t> bitmask);
  int vmFd(uint64_t vm);
  std::vector<uint8_t> readVm(uint64_t vm, uint64_t address, size_t size);
  void writeVm(uint64_t vm, uint64_t address, const std::vector<uint8_t>& bytes);
  XeThreadTopology topology();
  const ThreadState& stoppedThread(uint64_t threadId) const;
  std::vector<uint8_t> threadArea(const ThreadState& state);
  uint64_t threadIdFor(const ThreadKey& key);
  uint64_t vmContaining(uint64_t address) const;

  GpuDriverPort& port_;
  std::string renderNode_;
  int renderFd_ = -1;
  int debugFd_ = -1;
  std::vector<uint8_t> buffer_;
  int growths_ = 0;
  bool interruptRequested_ = false;
  std::set<uint64_t> clients_;
  std::map<uint64_t, uint64_t> vmClients_;  // vm → client
  std::map<uint64_t, int> vmFds_;
  std::map<uint64_t, Queue> queues_;
  std::map<uint64_t, Bind> binds_;      // by the VM_BIND event's seqno
  std::map<uint64_t, BindOp> bindOps_;  // by the VM_BIND_OP event's seqno
  std::map<uint64_t, Metadata> metadata_;
  std::vector<std::shared_ptr<GpuCodeObject>> codeObjects_;
  Area sipArea_, sbaArea_;
  std::map<ThreadKey, uint64_t> threadIds_;
  std::map<uint64_t, ThreadState> stopped_;  // by thread id
  std::map<uint64_t, Breakpoint> breakpoints_;
  std::vector<xe::Event> heldEvents_;  // need an ack, after releaseHeldEvents()
  uint64_t nextThreadId_ = 1;
};

}  // namespace rwd
