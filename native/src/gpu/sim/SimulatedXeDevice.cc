// SimulatedXeDevice: script steps become eudebug events; ioctls answered
// as the eudebug kernel answers them (see the header).
#include "gpu/sim/SimulatedXeDevice.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <sstream>
#include <stdexcept>

#include "gpu/XeEudebugAbi.h"
#include "gpu/XeStateSaveArea.h"

namespace rwd {

namespace {

// The simulated SIP's register layout: 16 GRFs of 32 bytes, cr0, sr0.
constexpr uint32_t kStateAreaOffset = 0x200;
constexpr uint32_t kThreadSize = 0x240;
constexpr uint32_t kBreakpointBit = 1u << 30;
constexpr uint32_t kCompactedBit = 1u << 29;

template <typename T>
std::vector<uint8_t> bytesOf(const T& value, size_t extra = 0) {
  std::vector<uint8_t> bytes(sizeof(T) + extra, 0);
  std::memcpy(bytes.data(), &value, sizeof(T));
  return bytes;
}

std::string hex(uint64_t value) {
  std::ostringstream out;
  out << "0x" << std::hex << value;
  return out.str();
}

std::vector<uint8_t> readFile(const std::string& path) {
  FILE* file = std::fopen(path.c_str(), "rb");
  if (!file) throw std::runtime_error("GPU simulator: cannot read " + path);
  std::vector<uint8_t> bytes;
  uint8_t chunk[4096];
  size_t got;
  while ((got = std::fread(chunk, 1, sizeof chunk, file)) > 0) bytes.insert(bytes.end(), chunk, chunk + got);
  std::fclose(file);
  return bytes;
}

int newFd() { return eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK); }

}  // namespace

SimulatedXeDevice::SimulatedXeDevice(SimScript script, std::string renderNode)
    : script_(std::move(script)), renderNode_(std::move(renderNode)), topology_(1, 2, 8, 8) {}

SimulatedXeDevice::~SimulatedXeDevice() {
  for (int fd : {renderFd_, debugFd_})
    if (fd >= 0) ::close(fd);
  for (auto& [fd, vm] : vmFds_) ::close(fd);
}

int SimulatedXeDevice::open(const std::string& path, int) {
  if (path != renderNode_) {
    errno = ENOENT;
    return -1;
  }
  if (renderFd_ < 0) renderFd_ = newFd();
  return renderFd_;
}

int SimulatedXeDevice::close(int fd) {
  if (fd == debugFd_) debugFd_ = -1;
  else if (fd == renderFd_) renderFd_ = -1;
  else if (!vmFds_.erase(fd)) {
    errno = EBADF;
    return -1;
  }
  return ::close(fd);
}

int SimulatedXeDevice::ioctl(int fd, unsigned long request, void* argument) {
  if (fd == renderFd_ && request == xe::kIoctlConnect) {
    requests_.push_back("connect");
    if (debugFd_ >= 0) {
      errno = EBUSY;
      return -1;
    }
    auto* connect = static_cast<xe::Connect*>(argument);
    pid_ = pid_t(connect->pid);
    connect->version = xe::kDebuggerAbiVersion;
    debugFd_ = newFd();
    runStages();
    return debugFd_;
  }
  if (fd != debugFd_ || debugFd_ < 0) {
    errno = ENOTTY;
    return -1;
  }
  switch (request) {
    case xe::kIoctlReadEvent:
      return readEvent(argument);
    case xe::kIoctlAckEvent: {
      auto* ack = static_cast<xe::AckEvent*>(argument);
      requests_.push_back("ack " + std::to_string(ack->seqno));
      if (!needAck_.erase(ack->seqno)) {
        errno = EINVAL;
        return -1;
      }
      if (needAck_.empty()) runStages();
      return 0;
    }
    case xe::kIoctlVmOpen: {
      auto* open = static_cast<xe::VmOpen*>(argument);
      requests_.push_back("vm_open " + std::to_string(open->vmHandle));
      if (!memory_.count(open->vmHandle)) {
        errno = ENOENT;
        return -1;
      }
      int vmFd = newFd();
      vmFds_[vmFd] = open->vmHandle;
      return vmFd;
    }
    case xe::kIoctlReadMetadata: {
      auto* read = static_cast<xe::ReadMetadata*>(argument);
      auto entry = metadata_.find(read->metadataHandle);
      if (entry == metadata_.end()) {
        errno = ENOENT;
        return -1;
      }
      if (read->size < entry->second.bytes.size()) {
        errno = EINVAL;
        return -1;
      }
      std::memcpy(reinterpret_cast<void*>(read->ptr), entry->second.bytes.data(), entry->second.bytes.size());
      return 0;
    }
    case xe::kIoctlEuControl:
      return euControl(argument);
    default:
      errno = ENOTTY;
      return -1;
  }
}

int SimulatedXeDevice::readEvent(void* argument) {
  auto* header = static_cast<xe::Event*>(argument);
  if (queue_.empty()) {
    errno = EAGAIN;
    return -1;
  }
  const auto& event = queue_.front();
  if (header->len < event.size()) {
    errno = EMSGSIZE;  // the event stays queued
    return -1;
  }
  std::memcpy(argument, event.data(), event.size());
  queue_.pop_front();
  if (stageFirstEvent_ > 0) --stageFirstEvent_;
  updateReadiness();
  return 0;
}

int SimulatedXeDevice::euControl(void* argument) {
  auto* control = static_cast<xe::EuControl*>(argument);
  auto* bitmask = reinterpret_cast<uint8_t*>(control->bitmaskPtr);
  std::vector<uint8_t> given(bitmask, bitmask + control->bitmaskSize);
  auto inContext = [&](const Thread& t) { return t.queue == control->execQueueHandle && t.lrc == control->lrcHandle; };
  control->seqno = nextSeqno_++;
  switch (control->cmd) {
    case xe::kEuControlInterruptAll: {
      requests_.push_back("eu_control interrupt_all queue=" + std::to_string(control->execQueueHandle));
      std::vector<Thread> stopping;
      for (auto it = running_.begin(); it != running_.end();) {
        if (inContext(*it)) {
          stopping.push_back(*it);
          it = running_.erase(it);
        } else {
          ++it;
        }
      }
      if (!stopping.empty()) stopThreads(control->execQueueHandle, control->lrcHandle, stopping);
      updateReadiness();
      return 0;
    }
    case xe::kEuControlStopped: {
      requests_.push_back("eu_control stopped queue=" + std::to_string(control->execQueueHandle));
      std::vector<XeThreadSlot> slots;
      for (const auto& t : stopped_)
        if (inContext(t)) slots.push_back(t.slot);
      auto mask = topology_.encode(slots);
      std::memset(bitmask, 0, control->bitmaskSize);
      std::memcpy(bitmask, mask.data(), std::min<size_t>(mask.size(), control->bitmaskSize));
      return 0;
    }
    case xe::kEuControlResume: {
      auto resumed = topology_.decode(given);
      std::string list;
      for (const auto& slot : resumed)
        list += (list.empty() ? "" : ",") + std::to_string(slot.slice) + "." + std::to_string(slot.subslice) + "." +
                std::to_string(slot.eu) + "." + std::to_string(slot.thread);
      requests_.push_back("eu_control resume queue=" + std::to_string(control->execQueueHandle) + " threads=" + list);
      std::erase_if(stopped_, [&](const Thread& t) {
        return inContext(t) && std::find(resumed.begin(), resumed.end(), t.slot) != resumed.end();
      });
      if (stopped_.empty() && needAck_.empty()) runStages();
      return 0;
    }
    default:
      errno = EINVAL;
      return -1;
  }
}

ssize_t SimulatedXeDevice::pread(int fd, void* buffer, size_t size, uint64_t offset) {
  return accessVm(fd, size, [&](SimMemory& memory) { return memory.read(offset, buffer, size); });
}

ssize_t SimulatedXeDevice::pwrite(int fd, const void* buffer, size_t size, uint64_t offset) {
  return accessVm(fd, size, [&](SimMemory& memory) { return memory.write(offset, buffer, size); });
}

ssize_t SimulatedXeDevice::accessVm(int fd, size_t size, const std::function<bool(SimMemory&)>& access) {
  auto vm = vmFds_.find(fd);
  if (vm == vmFds_.end()) {
    errno = EBADF;
    return -1;
  }
  if (!access(memory_[vm->second])) {
    errno = EIO;
    return -1;
  }
  return ssize_t(size);
}

void SimulatedXeDevice::runStages() {
  // Runs stages until one leaves threads stopped (the debugger must resume
  // them) or events waiting for an ack (a client blocked on a bind's user
  // fence), or the script ends.
  while (stage_ < script_.stages().size() && stopped_.empty() && needAck_.empty()) {
    stageFirstEvent_ = queue_.size();
    shuffle_ = false;
    for (const auto& step : script_.stages()[stage_]) run(step);
    if (shuffle_) std::reverse(queue_.begin() + long(stageFirstEvent_), queue_.end());
    ++stage_;
  }
  updateReadiness();
}

void SimulatedXeDevice::queueEvent(std::vector<uint8_t> event, bool needAck) {
  xe::Event header;
  std::memcpy(&header, event.data(), sizeof header);
  header.len = uint32_t(event.size());
  header.seqno = nextSeqno_++;
  if (needAck) {
    header.flags |= xe::kFlagNeedAck;
    needAck_.insert(header.seqno);
  }
  std::memcpy(event.data(), &header, sizeof header);
  queue_.push_back(std::move(event));
}

void SimulatedXeDevice::updateReadiness() {
  if (debugFd_ < 0) return;
  uint64_t count = 0;
  ::read(debugFd_, &count, sizeof count);  // reset
  if (!queue_.empty()) {
    count = 1;
    ::write(debugFd_, &count, sizeof count);
  }
}

uint64_t SimulatedXeDevice::vmOfQueue(uint64_t queue) const {
  auto it = queueVms_.find(queue);
  return it == queueVms_.end() ? 0 : it->second;
}

uint64_t SimulatedXeDevice::resolvePc(const SimStep& step, const std::string& key) {
  const std::string& value = step.text(key);
  if (value.empty() || value[0] != '@') return step.number(key);
  auto colon = value.rfind(':');
  std::string file = value.substr(1, colon - 1);
  int line = std::stoi(value.substr(colon + 1));
  for (const auto& object : code_) {
    auto addresses = object->addressesOf(file, line);
    if (!addresses.empty()) return addresses.front();
  }
  throw std::runtime_error("GPU simulator script line " + std::to_string(step.lineNumber) + ": no code for " + value +
                           ".");
}

std::vector<SimulatedXeDevice::Thread> SimulatedXeDevice::threadsOf(const SimStep& step, uint64_t pc) const {
  std::vector<Thread> threads;
  std::stringstream items(step.text("threads"));
  std::string item;
  while (std::getline(items, item, ',')) {
    XeThreadSlot slot;
    if (std::sscanf(item.c_str(), "%u.%u.%u.%u", &slot.slice, &slot.subslice, &slot.eu, &slot.thread) != 4)
      throw std::runtime_error("GPU simulator script line " + std::to_string(step.lineNumber) +
                               ": a thread is slice.subslice.eu.thread, not " + item);
    threads.push_back({step.number("queue"), step.number("lrc"), slot, pc});
  }
  return threads;
}

void SimulatedXeDevice::stopThreads(uint64_t queue, uint64_t lrc, std::vector<Thread> threads) {
  std::sort(threads.begin(), threads.end(), [](const Thread& a, const Thread& b) { return a.slot < b.slot; });
  std::vector<XeThreadSlot> slots;
  std::string list;
  for (auto& thread : threads) {
    // The SIP saves the thread's registers: cr0.2 is the ip (from the
    // instruction base), r<i>.0 = (linear index << 8) | i.
    if (sipBound_) {
      uint64_t index = topology_.linearIndex(thread.slot);
      uint64_t area = sipAddress_ + kStateAreaOffset + index * kThreadSize;
      for (uint32_t r = 0; r < 16; ++r) {
        uint32_t value = uint32_t(index << 8) | r;
        memory_[sipVm_].write(area + r * 32, &value, 4);
      }
      uint32_t ip = uint32_t(thread.pc - sbaBase_);
      memory_[sipVm_].write(area + 0x200 + 8, &ip, 4);
    }
    slots.push_back(thread.slot);
    list += (list.empty() ? "" : ",") + std::to_string(thread.slot.slice) + "." + std::to_string(thread.slot.subslice) +
            "." + std::to_string(thread.slot.eu) + "." + std::to_string(thread.slot.thread);
    stopped_.push_back(thread);
  }
  auto mask = topology_.encode(slots);
  xe::EventEuAttention attention{};
  attention.base.type = xe::kEventEuAttention;
  attention.base.flags = xe::kFlagStateChange;
  attention.clientHandle = 1;
  attention.execQueueHandle = queue;
  attention.lrcHandle = lrc;
  attention.bitmaskSize = uint32_t(mask.size());
  auto event = bytesOf(attention, mask.size());
  std::memcpy(event.data() + sizeof attention, mask.data(), mask.size());
  queueEvent(std::move(event), false);
  clientLog_.push_back("attention queue=" + std::to_string(queue) + " lrc=" + std::to_string(lrc) + " threads=" + list);
}

void SimulatedXeDevice::run(const SimStep& step) {
  const std::string& verb = step.verb;
  bool destroy = step.number("destroy", 0) != 0;
  uint16_t flags = destroy ? xe::kFlagDestroy : xe::kFlagCreate;
  std::string action = destroy ? "destroy" : "create";
  if (verb == "client") {
    xe::EventClient e{};
    e.base = {0, xe::kEventOpen, flags, 0, 0};
    e.clientHandle = step.number("client");
    queueEvent(bytesOf(e), false);
    clientLog_.push_back("client " + action + " client=" + std::to_string(e.clientHandle));
  } else if (verb == "vm") {
    xe::EventVm e{};
    e.base = {0, xe::kEventVm, flags, 0, 0};
    e.clientHandle = step.number("client");
    e.vmHandle = step.number("vm");
    memory_[e.vmHandle];
    queueEvent(bytesOf(e), false);
    clientLog_.push_back("vm " + action + " client=" + std::to_string(e.clientHandle) +
                         " vm=" + std::to_string(e.vmHandle));
  } else if (verb == "exec_queue") {
    xe::EventExecQueue e{};
    e.base = {0, xe::kEventExecQueue, flags, 0, 0};
    e.clientHandle = step.number("client");
    e.vmHandle = step.number("vm");
    e.execQueueHandle = step.number("queue");
    e.engineClass = uint32_t(step.number("class", 4));
    auto lrcs = step.numbers("lrcs");
    e.width = uint32_t(lrcs.size());
    auto event = bytesOf(e, lrcs.size() * 8);
    std::memcpy(event.data() + sizeof e, lrcs.data(), lrcs.size() * 8);
    queueEvent(std::move(event), false);
    queueVms_[e.execQueueHandle] = e.vmHandle;
    std::string list;
    for (size_t i = 0; i < lrcs.size(); ++i) list += (i ? "," : "") + std::to_string(lrcs[i]);
    clientLog_.push_back("exec_queue " + action + " client=" + std::to_string(e.clientHandle) +
                         " vm=" + std::to_string(e.vmHandle) + " queue=" + std::to_string(e.execQueueHandle) +
                         " class=" + std::to_string(e.engineClass) + " lrcs=" + list);
  } else if (verb == "topology") {
    topology_ = XeThreadTopology(uint32_t(step.number("slices")), uint32_t(step.number("subslices")),
                                 uint32_t(step.number("eus")), uint32_t(step.number("threads")));
  } else if (verb == "metadata") {
    Metadata entry;
    entry.type = step.number("type");
    if (entry.type == xe::kMetadataElfBinary) {
      entry.file = step.text("file");
      entry.bytes = readFile(entry.file);
    } else if (entry.type == xe::kMetadataSipArea) {
      xe::StateSaveHeader header{};
      std::memcpy(header.version.magic, "tssarea", 8);
      header.version.major = 2;
      header.version.size = uint8_t(sizeof header / 8);
      auto& r = header.regs;
      r.numSlices = uint32_t(step.number("slices", 1));
      r.numSubslicesPerSlice = uint32_t(step.number("subslices", 2));
      r.numEusPerSubslice = uint32_t(step.number("eus", 8));
      r.numThreadsPerEu = uint32_t(step.number("threads", 8));
      r.stateAreaOffset = kStateAreaOffset;
      r.stateSaveSize = kThreadSize;
      r.grf = {0, 16, 256, 32};
      r.cr = {0x200, 1, 128, 16};
      r.sr = {0x210, 1, 128, 16};
      topology_ = XeThreadTopology(r.numSlices, r.numSubslicesPerSlice, r.numEusPerSubslice, r.numThreadsPerEu);
      entry.bytes = bytesOf(
          header, kStateAreaOffset - sizeof header + topology_.linearIndex({r.numSlices, 0, 0, 0}) * kThreadSize);
    } else if (entry.type == xe::kMetadataSbaArea) {
      xe::SbaArea area{};
      std::memcpy(area.magic, "sbaarea", 8);
      area.instructionBase = sbaBase_ = step.number("base");
      entry.bytes = bytesOf(area);
    }
    xe::EventMetadata e{};
    e.base = {0, xe::kEventMetadata, flags, 0, 0};
    e.clientHandle = step.number("client");
    e.metadataHandle = step.number("handle");
    e.type = entry.type;
    e.len = entry.bytes.size();
    metadata_[e.metadataHandle] = entry;
    queueEvent(bytesOf(e), false);
    clientLog_.push_back("metadata " + action + " client=" + std::to_string(e.clientHandle) +
                         " handle=" + std::to_string(e.metadataHandle) + " type=" + std::to_string(e.type) +
                         " len=" + std::to_string(e.len));
  } else if (verb == "bind") {
    bind(step);
  } else if (verb == "attention" || verb == "exception") {
    stopThreads(step.number("queue"), step.number("lrc"), threadsOf(step, resolvePc(step, "pc")));
  } else if (verb == "running") {
    for (auto& thread : threadsOf(step, resolvePc(step, "pc"))) running_.push_back(thread);
  } else if (verb == "run") {
    // The threads run from `from` to `to` and stop at the first statement
    // whose instruction carries the breakpoint bit; none: they finish.
    uint64_t from = resolvePc(step, "from"), to = resolvePc(step, "to");
    uint64_t vm = vmOfQueue(step.number("queue"));
    for (const auto& object : code_) {
      if (!object->contains(from)) continue;
      for (uint64_t pc = from; pc < to; ++pc) {
        uint32_t word = 0;
        if (!object->placeOf(pc) || !memory_[vm].read(pc, &word, 4) || !(word & kBreakpointBit)) continue;
        stopThreads(step.number("queue"), step.number("lrc"), threadsOf(step, pc));
        return;
      }
    }
    clientLog_.push_back("run finished queue=" + step.text("queue"));
  } else if (verb == "shuffle") {
    shuffle_ = true;
  } else {
    throw std::runtime_error("GPU simulator script line " + std::to_string(step.lineNumber) + ": unknown step '" +
                             verb + "'");
  }
}

void SimulatedXeDevice::bind(const SimStep& step) {
  uint64_t client = step.number("client"), vm = step.number("vm"), address = step.number("addr");
  uint64_t handle = step.number("metadata");
  auto entry = metadata_.find(handle);
  if (entry == metadata_.end())
    throw std::runtime_error("GPU simulator script line " + std::to_string(step.lineNumber) + ": no metadata " +
                             std::to_string(handle));
  std::vector<uint8_t> contents = entry->second.bytes;
  uint64_t range = step.number("range", (contents.size() + 0xfff) & ~uint64_t(0xfff));
  contents.resize(range, 0);
  if (entry->second.type == xe::kMetadataElfBinary) {
    auto object = std::make_shared<GpuCodeObject>(entry->second.file, entry->second.bytes, address);
    // The simulated ISA: each statement starts an instruction whose control
    // bits (breakpoint, compacted) are clear until a debugger sets them.
    for (uint64_t pc = address; pc < address + entry->second.bytes.size(); ++pc) {
      auto place = object->placeOf(pc);
      if (!place || pc + 4 > address + contents.size()) continue;
      uint32_t word;
      std::memcpy(&word, contents.data() + (pc - address), 4);
      word &= ~(kBreakpointBit | kCompactedBit);
      std::memcpy(contents.data() + (pc - address), &word, 4);
    }
    code_.push_back(object);
  }
  if (entry->second.type == xe::kMetadataSipArea) {
    sipVm_ = vm;
    sipAddress_ = address;
    sipBound_ = true;
  }
  memory_[vm].map(address, std::move(contents));
  bool ufence = step.number("ufence", 1) != 0;

  xe::EventVmBind bindEvent{};
  bindEvent.base = {0, xe::kEventVmBind, xe::kFlagCreate, 0, 0};
  bindEvent.clientHandle = client;
  bindEvent.vmHandle = vm;
  bindEvent.flags = ufence ? xe::kVmBindFlagUfence : 0;
  bindEvent.numBinds = 1;
  queueEvent(bytesOf(bindEvent), false);
  uint64_t bindSeqno = nextSeqno_ - 1;
  xe::EventVmBindOp op{};
  op.base = {0, xe::kEventVmBindOp, xe::kFlagCreate, 0, 0};
  op.vmBindRefSeqno = bindSeqno;
  op.addr = address;
  op.range = range;
  queueEvent(bytesOf(op), false);
  xe::EventVmBindOpMetadata link{};
  link.base = {0, xe::kEventVmBindOpMetadata, xe::kFlagCreate, 0, 0};
  link.vmBindOpRefSeqno = nextSeqno_ - 1;
  link.metadataHandle = handle;
  queueEvent(bytesOf(link), false);
  clientLog_.push_back("vm_bind client=" + std::to_string(client) + " vm=" + std::to_string(vm) +
                       " ops=1 ufence=" + std::to_string(ufence ? 1 : 0));
  clientLog_.push_back("vm_bind_op create vm=" + std::to_string(vm) + " addr=" + hex(address) + " range=" + hex(range));
  clientLog_.push_back("vm_bind_op_metadata addr=" + hex(address) + " handle=" + std::to_string(handle));
  if (ufence) {
    xe::EventVmBindUfence fence{};
    fence.base = {0, xe::kEventVmBindUfence, xe::kFlagCreate, 0, 0};
    fence.vmBindRefSeqno = bindSeqno;
    queueEvent(bytesOf(fence), true);
    clientLog_.push_back("ufence vm=" + std::to_string(vm));
  }
}

}  // namespace rwd
