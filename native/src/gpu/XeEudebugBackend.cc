// XeEudebugBackend: the eudebug request sequence, event bookkeeping and
// thread/memory access (see the header).
#include "gpu/XeEudebugBackend.h"

#include <fcntl.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>

#include "gpu/GpuError.h"
#include "gpu/XeStateSaveArea.h"

namespace rwd {

namespace {

constexpr size_t kInitialEventBuffer = 64;
constexpr size_t kLargestEvent = 1 << 20;
constexpr uint32_t kBreakpointBit = 1u << 30;  // instruction control: debug breakpoint
constexpr uint32_t kCompactedBit = 1u << 29;

template <typename T>
T viewAs(const std::vector<uint8_t>& bytes) {
  T value{};
  std::memcpy(&value, bytes.data(), std::min(sizeof(T), bytes.size()));
  return value;
}

std::string hex(uint64_t value) {
  std::ostringstream out;
  out << "0x" << std::hex << value;
  return out.str();
}

const char* action(uint16_t flags) {
  if (flags & xe::kFlagCreate) return "create";
  if (flags & xe::kFlagDestroy) return "destroy";
  return "change";
}

std::string slotText(const XeThreadSlot& s) {
  return std::to_string(s.slice) + "." + std::to_string(s.subslice) + "." + std::to_string(s.eu) + "." +
         std::to_string(s.thread);
}

}  // namespace

XeEudebugBackend::XeEudebugBackend(GpuDriverPort& port, std::string renderNode)
    : port_(port), renderNode_(std::move(renderNode)), buffer_(kInitialEventBuffer) {}

XeEudebugBackend::~XeEudebugBackend() { detach(); }

void XeEudebugBackend::attach(pid_t pid) {
  renderFd_ = port_.open(renderNode_, O_RDWR);
  if (renderFd_ < 0) throw GpuError("Intel Xe eudebug: cannot open " + renderNode_ + ": " + std::strerror(errno) + ".");
  xe::Connect connect{};
  connect.pid = uint64_t(pid);
  debugFd_ = port_.ioctl(renderFd_, xe::kIoctlConnect, &connect);
  if (debugFd_ < 0) {
    int error = errno;
    port_.close(renderFd_);
    renderFd_ = -1;
    if (error == ENOTTY || error == EINVAL)
      throw GpuError("Intel Xe eudebug: the xe driver on " + renderNode_ +
                     " has no eudebug connect ioctl (a kernel without the "
                     "eudebug series, or it is off: "
                     "/sys/class/drm/card*/device/enable_eudebug).");
    if (error == EACCES || error == EPERM)
      throw GpuError("Intel Xe eudebug: not permitted to debug process " + std::to_string(pid) +
                     " (the connect needs ptrace rights over it).");
    throw GpuError("Intel Xe eudebug: connect failed: " + std::string(std::strerror(error)) + ".");
  }
  if (connect.version != xe::kDebuggerAbiVersion) {
    int version = int(connect.version);
    detach();
    throw GpuError("Intel Xe eudebug: the kernel speaks debugger ABI version " + std::to_string(version) +
                   "; Rewind speaks version 1.");
  }
}

void XeEudebugBackend::detach() {
  for (auto& [vm, fd] : vmFds_) port_.close(fd);
  vmFds_.clear();
  if (debugFd_ >= 0) port_.close(debugFd_);
  if (renderFd_ >= 0) port_.close(renderFd_);
  debugFd_ = renderFd_ = -1;
}

bool XeEudebugBackend::readOneEvent(std::vector<uint8_t>& event) {
  while (true) {
    std::fill(buffer_.begin(), buffer_.end(), 0);
    xe::Event header{};
    header.len = uint32_t(buffer_.size());
    header.type = xe::kEventRead;
    std::memcpy(buffer_.data(), &header, sizeof header);
    if (port_.ioctl(debugFd_, xe::kIoctlReadEvent, buffer_.data()) == 0) {
      std::memcpy(&header, buffer_.data(), sizeof header);
      size_t length = std::min<size_t>(std::max<size_t>(header.len, sizeof header), buffer_.size());
      event.assign(buffer_.begin(), buffer_.begin() + length);
      return true;
    }
    if (errno != EMSGSIZE) return false;  // EAGAIN/ENOENT: nothing left
    // The event stays queued: grow to the size it needs (or double) and retry.
    std::memcpy(&header, buffer_.data(), sizeof header);
    size_t wanted = header.len > buffer_.size() ? header.len : buffer_.size() * 2;
    if (wanted > kLargestEvent) return false;
    buffer_.resize(wanted);
    ++growths_;
  }
}

std::vector<GpuChange> XeEudebugBackend::pollEvents() {
  std::vector<std::vector<uint8_t>> batch;
  std::vector<uint8_t> event;
  while (debugFd_ >= 0 && readOneEvent(event)) batch.push_back(event);
  // The kernel numbers events in the order they happened; apply them so.
  std::stable_sort(batch.begin(), batch.end(), [](const auto& a, const auto& b) {
    return viewAs<xe::Event>(a).seqno < viewAs<xe::Event>(b).seqno;
  });
  std::vector<GpuChange> changes;
  for (const auto& e : batch) apply(e, changes);
  return changes;
}

void XeEudebugBackend::releaseHeldEvents() {
  for (const auto& event : heldEvents_) acknowledge(event);
  heldEvents_.clear();
}

void XeEudebugBackend::acknowledge(const xe::Event& event) {
  xe::AckEvent ack{};
  ack.type = event.type;
  ack.seqno = event.seqno;
  port_.ioctl(debugFd_, xe::kIoctlAckEvent, &ack);
}

void XeEudebugBackend::apply(const std::vector<uint8_t>& bytes, std::vector<GpuChange>& changes) {
  auto base = viewAs<xe::Event>(bytes);
  auto log = [&](const std::string& text) { changes.push_back({text, {}, "", ""}); };
  bool create = base.flags & xe::kFlagCreate;
  switch (base.type) {
    case xe::kEventOpen: {
      auto e = viewAs<xe::EventClient>(bytes);
      if (create) clients_.insert(e.clientHandle);
      else clients_.erase(e.clientHandle);
      log(std::string("client ") + action(base.flags) + " client=" + std::to_string(e.clientHandle));
      break;
    }
    case xe::kEventVm: {
      auto e = viewAs<xe::EventVm>(bytes);
      if (create) {
        vmClients_[e.vmHandle] = e.clientHandle;
      } else {
        vmClients_.erase(e.vmHandle);
        if (auto fd = vmFds_.find(e.vmHandle); fd != vmFds_.end()) {
          port_.close(fd->second);
          vmFds_.erase(fd);
        }
      }
      log(std::string("vm ") + action(base.flags) + " client=" + std::to_string(e.clientHandle) +
          " vm=" + std::to_string(e.vmHandle));
      break;
    }
    case xe::kEventExecQueue: {
      auto e = viewAs<xe::EventExecQueue>(bytes);
      Queue queue{e.clientHandle, e.vmHandle, {}};
      std::string lrcs;
      for (uint32_t i = 0; i < e.width && sizeof e + (i + 1) * 8 <= bytes.size(); ++i) {
        uint64_t lrc = 0;
        std::memcpy(&lrc, bytes.data() + sizeof e + i * 8, 8);
        queue.lrcs.push_back(lrc);
        lrcs += (i ? "," : "") + std::to_string(lrc);
      }
      if (create) queues_[e.execQueueHandle] = queue;
      else queues_.erase(e.execQueueHandle);
      log(std::string("exec_queue ") + action(base.flags) + " client=" + std::to_string(e.clientHandle) +
          " vm=" + std::to_string(e.vmHandle) + " queue=" + std::to_string(e.execQueueHandle) +
          " class=" + std::to_string(e.engineClass) + " lrcs=" + lrcs);
      break;
    }
    case xe::kEventMetadata: {
      auto e = viewAs<xe::EventMetadata>(bytes);
      if (create) {
        Metadata entry{e.type, std::vector<uint8_t>(e.len)};
        xe::ReadMetadata read{};
        read.clientHandle = e.clientHandle;
        read.metadataHandle = e.metadataHandle;
        read.ptr = reinterpret_cast<uint64_t>(entry.bytes.data());
        read.size = entry.bytes.size();
        if (port_.ioctl(debugFd_, xe::kIoctlReadMetadata, &read) != 0) entry.bytes.clear();
        metadata_[e.metadataHandle] = std::move(entry);
      } else {
        metadata_.erase(e.metadataHandle);
      }
      log(std::string("metadata ") + action(base.flags) + " client=" + std::to_string(e.clientHandle) + " handle=" +
          std::to_string(e.metadataHandle) + " type=" + std::to_string(e.type) + " len=" + std::to_string(e.len));
      break;
    }
    case xe::kEventVmBind: {
      auto e = viewAs<xe::EventVmBind>(bytes);
      binds_[base.seqno] = {e.clientHandle, e.vmHandle};
      log("vm_bind client=" + std::to_string(e.clientHandle) + " vm=" + std::to_string(e.vmHandle) +
          " ops=" + std::to_string(e.numBinds) + " ufence=" + std::to_string(e.flags & xe::kVmBindFlagUfence));
      break;
    }
    case xe::kEventVmBindOp: {
      auto e = viewAs<xe::EventVmBindOp>(bytes);
      auto bind = binds_.find(e.vmBindRefSeqno);
      uint64_t vm = bind == binds_.end() ? 0 : bind->second.vm;
      if (create) bindOps_[base.seqno] = {vm, e.addr, e.range};
      log(std::string("vm_bind_op ") + action(base.flags) + " vm=" + std::to_string(vm) + " addr=" + hex(e.addr) +
          " range=" + hex(e.range));
      break;
    }
    case xe::kEventVmBindOpMetadata: {
      auto e = viewAs<xe::EventVmBindOpMetadata>(bytes);
      auto op = bindOps_.find(e.vmBindOpRefSeqno);
      if (op != bindOps_.end()) {
        log("vm_bind_op_metadata addr=" + hex(op->second.address) + " handle=" + std::to_string(e.metadataHandle));
        linkMetadata(op->second, e.metadataHandle, changes);
      }
      break;
    }
    case xe::kEventVmBindUfence: {
      auto e = viewAs<xe::EventVmBindUfence>(bytes);
      auto bind = binds_.find(e.vmBindRefSeqno);
      log("ufence vm=" + std::to_string(bind == binds_.end() ? 0 : bind->second.vm));
      break;
    }
    case xe::kEventEuAttention: {
      auto e = viewAs<xe::EventEuAttention>(bytes);
      if (sizeof e + e.bitmaskSize <= bytes.size()) applyAttention(e, bytes.data() + sizeof e, changes);
      break;
    }
    default:
      log("unknown event type=" + std::to_string(base.type));
  }
  // The binds' user fences (and anything else the kernel holds for us) are
  // released only once what they announce has been taken in.
  if (base.flags & xe::kFlagNeedAck) heldEvents_.push_back(base);
}

void XeEudebugBackend::linkMetadata(const BindOp& op, uint64_t handle, std::vector<GpuChange>& changes) {
  auto entry = metadata_.find(handle);
  if (entry == metadata_.end()) return;
  switch (entry->second.type) {
    case xe::kMetadataElfBinary: {
      auto object =
          std::make_shared<GpuCodeObject>("xe-module-" + std::to_string(handle), entry->second.bytes, op.address);
      codeObjects_.push_back(object);
      changes.push_back({"code object " + object->name() + " at " + hex(op.address) +
                             (object->hasDebugInfo() ? " with DWARF" : " without DWARF"),
                         {},
                         "",
                         ""});
      break;
    }
    case xe::kMetadataSipArea:
      sipArea_ = {op.vm, op.address, true};
      break;
    case xe::kMetadataSbaArea:
      sbaArea_ = {op.vm, op.address, true};
      break;
    default:
      break;
  }
}

XeThreadTopology XeEudebugBackend::topology() {
  if (!sipArea_.known) return XeThreadTopology();
  return XeStateSaveArea(readVm(sipArea_.vm, sipArea_.address, XeStateSaveArea::kHeaderSize)).topology();
}

uint64_t XeEudebugBackend::threadIdFor(const ThreadKey& key) {
  auto [it, inserted] = threadIds_.try_emplace(key, nextThreadId_);
  if (inserted) ++nextThreadId_;
  return it->second;
}

void XeEudebugBackend::applyAttention(const xe::EventEuAttention& e, const uint8_t* bitmask,
                                      std::vector<GpuChange>& changes) {
  XeThreadTopology shape = topology();
  std::vector<uint8_t> raised(bitmask, bitmask + e.bitmaskSize);
  // Only threads that are really stopped now count (EU control "stopped").
  std::vector<uint8_t> stopped = euControl(e.clientHandle, xe::kEuControlStopped, e.execQueueHandle, e.lrcHandle,
                                           std::vector<uint8_t>(shape.bitmaskBytes(), 0));
  for (size_t i = 0; i < raised.size(); ++i) raised[i] &= i < stopped.size() ? stopped[i] : 0;
  GpuChange change;
  change.stopReason = interruptRequested_ ? "pause" : "breakpoint";
  std::string list;
  for (const auto& slot : shape.decode(raised)) {
    ThreadKey key{e.execQueueHandle, e.lrcHandle, slot};
    uint64_t id = threadIdFor(key);
    GpuThread thread;
    thread.id = id;
    thread.device = "Intel Xe " + renderNode_.substr(renderNode_.rfind('/') + 1);
    thread.queue = "exec queue " + std::to_string(e.execQueueHandle) + " (lrc " + std::to_string(e.lrcHandle) + ")";
    thread.unit =
        "EU " + std::to_string(slot.slice) + "." + std::to_string(slot.subslice) + "." + std::to_string(slot.eu);
    thread.lane = "thread " + std::to_string(slot.thread);
    thread.stopped = true;
    stopped_[id] = {thread, key};
    change.stoppedThreads.push_back(id);
    list += (list.empty() ? "" : ",") + slotText(slot);
  }
  // A thread that did not stop on an interrupt stopped on a breakpoint
  // instruction unless the instruction there has no breakpoint bit: then
  // it is an exception (the SIP was entered for another reason).
  if (!interruptRequested_ && !change.stoppedThreads.empty()) {
    try {
      uint64_t pc = programCounter(change.stoppedThreads.front());
      auto word = readMemory(change.stoppedThreads.front(), pc, 4);
      uint32_t control = 0;
      std::memcpy(&control, word.data(), 4);
      if (!(control & kBreakpointBit)) change.stopReason = "exception";
    } catch (const GpuError&) {}
  }
  for (uint64_t id : change.stoppedThreads) stopped_[id].thread.stopReason = change.stopReason;
  interruptRequested_ = false;
  change.log = "attention queue=" + std::to_string(e.execQueueHandle) + " lrc=" + std::to_string(e.lrcHandle) +
               " threads=" + list;
  change.description = "EU attention on " + std::to_string(change.stoppedThreads.size()) + " thread(s)";
  changes.push_back(change);
}

std::vector<uint8_t> XeEudebugBackend::euControl(uint64_t client, uint32_t command, uint64_t queue, uint64_t lrc,
                                                 std::vector<uint8_t> bitmask) {
  xe::EuControl control{};
  control.clientHandle = client;
  control.cmd = command;
  control.execQueueHandle = queue;
  control.lrcHandle = lrc;
  control.bitmaskSize = uint32_t(bitmask.size());
  control.bitmaskPtr = reinterpret_cast<uint64_t>(bitmask.data());
  if (port_.ioctl(debugFd_, xe::kIoctlEuControl, &control) != 0)
    throw GpuError("Intel Xe eudebug: EU control failed on exec queue " + std::to_string(queue) + ": " +
                   std::strerror(errno) + ".");
  return bitmask;
}

std::vector<GpuThread> XeEudebugBackend::threads() const {
  std::vector<GpuThread> list;
  for (const auto& [id, state] : stopped_) list.push_back(state.thread);
  return list;
}

void XeEudebugBackend::interruptAll() {
  interruptRequested_ = true;
  for (const auto& [handle, queue] : queues_)
    for (uint64_t lrc : queue.lrcs) euControl(queue.client, xe::kEuControlInterruptAll, handle, lrc, {});
}

void XeEudebugBackend::resume(const std::vector<uint64_t>& threadIds) {
  std::vector<uint64_t> ids = threadIds;
  if (ids.empty())
    for (const auto& [id, state] : stopped_) ids.push_back(id);
  // One resume per context, with the bitmask of its threads.
  std::map<std::pair<uint64_t, uint64_t>, std::vector<XeThreadSlot>> byContext;
  for (uint64_t id : ids) {
    const auto& [queue, lrc, slot] = stoppedThread(id).key;
    byContext[{queue, lrc}].push_back(slot);
  }
  XeThreadTopology shape = topology();
  for (const auto& [context, slots] : byContext) {
    auto queue = queues_.find(context.first);
    uint64_t client = queue == queues_.end() ? 0 : queue->second.client;
    euControl(client, xe::kEuControlResume, context.first, context.second, shape.encode(slots));
  }
  for (uint64_t id : ids) stopped_.erase(id);
}

const XeEudebugBackend::ThreadState& XeEudebugBackend::stoppedThread(uint64_t threadId) const {
  auto it = stopped_.find(threadId);
  if (it == stopped_.end())
    throw GpuError("GPU thread " + std::to_string(threadId) + " is not stopped (or does not exist).");
  return it->second;
}

std::vector<uint8_t> XeEudebugBackend::threadArea(const ThreadState& state) {
  if (!sipArea_.known)
    throw GpuError(
        "Intel Xe eudebug: the runtime has not bound a state save "
        "area (no debug SIP): "
        "GPU registers are not available. Set "
        "ZET_ENABLE_PROGRAM_DEBUGGING=1 for Level Zero.");
  XeStateSaveArea area(readVm(sipArea_.vm, sipArea_.address, XeStateSaveArea::kHeaderSize));
  return readVm(sipArea_.vm, sipArea_.address + area.threadOffset(std::get<2>(state.key)), area.threadSize());
}

std::vector<GpuRegister> XeEudebugBackend::registers(uint64_t threadId) {
  const auto& state = stoppedThread(threadId);
  XeStateSaveArea area(readVm(sipArea_.vm, sipArea_.address, XeStateSaveArea::kHeaderSize));
  return area.registers(threadArea(state));
}

uint64_t XeEudebugBackend::programCounter(uint64_t threadId) {
  const auto& state = stoppedThread(threadId);
  std::vector<uint8_t> saved = threadArea(state);
  XeStateSaveArea area(readVm(sipArea_.vm, sipArea_.address, XeStateSaveArea::kHeaderSize));
  uint64_t base = 0;
  if (sbaArea_.known)
    base = viewAs<xe::SbaArea>(readVm(sbaArea_.vm, sbaArea_.address, sizeof(xe::SbaArea))).instructionBase;
  return base + area.instructionOffset(saved);
}

int XeEudebugBackend::vmFd(uint64_t vm) {
  if (auto it = vmFds_.find(vm); it != vmFds_.end()) return it->second;
  auto client = vmClients_.find(vm);
  if (client == vmClients_.end()) throw GpuError("Intel Xe eudebug: VM " + std::to_string(vm) + " is not known.");
  xe::VmOpen open{};
  open.clientHandle = client->second;
  open.vmHandle = vm;
  int fd = port_.ioctl(debugFd_, xe::kIoctlVmOpen, &open);
  if (fd < 0)
    throw GpuError("Intel Xe eudebug: cannot open VM " + std::to_string(vm) + ": " + std::strerror(errno) + ".");
  vmFds_[vm] = fd;
  return fd;
}

std::vector<uint8_t> XeEudebugBackend::readVm(uint64_t vm, uint64_t address, size_t size) {
  std::vector<uint8_t> bytes(size);
  ssize_t got = port_.pread(vmFd(vm), bytes.data(), size, address);
  if (got != ssize_t(size))
    throw GpuError("Intel Xe eudebug: cannot read " + std::to_string(size) + " bytes of GPU memory at " + hex(address) +
                   " in VM " + std::to_string(vm) + (got < 0 ? ": " + std::string(std::strerror(errno)) : "") + ".");
  return bytes;
}

void XeEudebugBackend::writeVm(uint64_t vm, uint64_t address, const std::vector<uint8_t>& bytes) {
  ssize_t put = port_.pwrite(vmFd(vm), bytes.data(), bytes.size(), address);
  if (put != ssize_t(bytes.size()))
    throw GpuError("Intel Xe eudebug: cannot write GPU memory at " + hex(address) + " in VM " + std::to_string(vm) +
                   (put < 0 ? ": " + std::string(std::strerror(errno)) : "") + ".");
}

std::vector<uint8_t> XeEudebugBackend::readMemory(uint64_t threadId, uint64_t address, size_t size) {
  auto queue = queues_.find(std::get<0>(stoppedThread(threadId).key));
  if (queue == queues_.end()) throw GpuError("Intel Xe eudebug: the thread's exec queue is gone.");
  return readVm(queue->second.vm, address, size);
}

void XeEudebugBackend::writeMemory(uint64_t threadId, uint64_t address, const std::vector<uint8_t>& bytes) {
  auto queue = queues_.find(std::get<0>(stoppedThread(threadId).key));
  if (queue == queues_.end()) throw GpuError("Intel Xe eudebug: the thread's exec queue is gone.");
  writeVm(queue->second.vm, address, bytes);
}

std::vector<std::shared_ptr<GpuCodeObject>> XeEudebugBackend::codeObjects() const { return codeObjects_; }

uint64_t XeEudebugBackend::vmContaining(uint64_t address) const {
  for (const auto& [seqno, op] : bindOps_)
    if (address >= op.address && address < op.address + op.range) return op.vm;
  throw GpuError("No GPU code is bound at " + hex(address) + ".");
}

void XeEudebugBackend::insertBreakpoint(uint64_t address) {
  if (breakpoints_.count(address)) return;
  uint64_t vm = vmContaining(address);
  auto word = readVm(vm, address, 4);
  uint32_t control = 0;
  std::memcpy(&control, word.data(), 4);
  if (control & kCompactedBit)
    throw GpuError("The GPU instruction at " + hex(address) +
                   " is compacted and has no breakpoint bit: choose another line.");
  breakpoints_[address] = {vm, bool(control & kBreakpointBit)};
  control |= kBreakpointBit;
  std::memcpy(word.data(), &control, 4);
  writeVm(vm, address, word);
}

void XeEudebugBackend::removeBreakpoint(uint64_t address) {
  auto it = breakpoints_.find(address);
  if (it == breakpoints_.end()) return;
  if (!it->second.alreadySet) {
    auto word = readVm(it->second.vm, address, 4);
    uint32_t control = 0;
    std::memcpy(&control, word.data(), 4);
    control &= ~kBreakpointBit;
    std::memcpy(word.data(), &control, 4);
    writeVm(it->second.vm, address, word);
  }
  breakpoints_.erase(it);
}

}  // namespace rwd
