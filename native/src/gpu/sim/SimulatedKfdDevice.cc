// SimulatedKfdDevice: script steps become raised exceptions; DBG_TRAP
// operations answered as the KFD answers them (see the header).
#include "gpu/sim/SimulatedKfdDevice.h"

#include <sys/eventfd.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace rwd {

SimulatedKfdDevice::SimulatedKfdDevice(SimScript script) : script_(std::move(script)) {
  // The kernel's interface version is known before anything runs.
  for (const auto& step : script_.stages().front())
    if (step.verb == "version") minorVersion_ = uint32_t(step.number("minor"));
}

SimulatedKfdDevice::~SimulatedKfdDevice() {
  for (int fd : {kfdFd_, memFd_})
    if (fd >= 0) ::close(fd);
}

int SimulatedKfdDevice::open(const std::string& path, int) {
  if (path == "/dev/kfd") {
    if (kfdFd_ < 0) kfdFd_ = eventfd(0, EFD_CLOEXEC);
    return kfdFd_;
  }
  if (path.rfind("/proc/", 0) == 0 && path.size() > 4 && path.compare(path.size() - 4, 4, "/mem") == 0 &&
      std::stoi(path.substr(6)) == debugged_ && enabled_) {
    if (memFd_ < 0) memFd_ = eventfd(0, EFD_CLOEXEC);
    return memFd_;
  }
  errno = ENOENT;
  return -1;
}

int SimulatedKfdDevice::close(int fd) {
  if (fd == kfdFd_) kfdFd_ = -1;
  else if (fd == memFd_) memFd_ = -1;
  else {
    errno = EBADF;
    return -1;
  }
  return ::close(fd);
}

ssize_t SimulatedKfdDevice::pread(int fd, void* buffer, size_t size, uint64_t offset) {
  if (fd != memFd_ || !memory_.read(offset, buffer, size)) {
    errno = EIO;
    return -1;
  }
  return ssize_t(size);
}

ssize_t SimulatedKfdDevice::pwrite(int fd, const void* buffer, size_t size, uint64_t offset) {
  if (fd != memFd_ || !memory_.write(offset, buffer, size)) {
    errno = EIO;
    return -1;
  }
  return ssize_t(size);
}

int SimulatedKfdDevice::ioctl(int fd, unsigned long request, void* argument) {
  if (fd != kfdFd_ || fd < 0) {
    errno = EBADF;
    return -1;
  }
  if (request == kfd::kIoctlGetVersion) {
    requests_.push_back("get_version");
    *static_cast<kfd::GetVersion*>(argument) = {1, minorVersion_};
    return 0;
  }
  if (request == kfd::kIoctlDbgTrap && minorVersion_ >= kfd::kDebuggerMinorVersion)
    return trap(*static_cast<kfd::DbgTrapArgs*>(argument));
  errno = ENOTTY;
  return -1;
}

int SimulatedKfdDevice::trap(kfd::DbgTrapArgs& args) {
  if (args.op != kfd::kOpEnable && (!enabled_ || pid_t(args.pid) != debugged_)) {
    errno = EINVAL;
    return -1;
  }
  switch (args.op) {
    case kfd::kOpEnable: {
      requests_.push_back("enable");
      if (enabled_) {
        errno = EINVAL;
        return -1;
      }
      enabled_ = true;
      debugged_ = pid_t(args.pid);
      notifyFd_ = int(args.enable.dbgFd);
      kfd::RuntimeInfo info{0, 1, 0};
      std::memcpy(reinterpret_cast<void*>(args.enable.rinfoPtr), &info,
                  std::min<size_t>(sizeof info, args.enable.rinfoSize));
      runStages();
      return 0;
    }
    case kfd::kOpDisable:
      requests_.push_back("disable");
      enabled_ = false;
      return 0;
    case kfd::kOpSendRuntimeEvent:
      requests_.push_back("send_runtime_event");
      if (args.sendRuntimeEvent.exceptionMask & kfd::exceptionMask(kfd::kEcProcessRuntime)) runtimeWaiting_ = false;
      return 0;
    case kfd::kOpQueryDebugEvent: {
      requests_.push_back("query");
      if (raised_.empty()) {
        errno = EAGAIN;
        return -1;
      }
      Raised first = raised_.front();
      args.queryDebugEvent.exceptionMask = first.mask;
      args.queryDebugEvent.gpuId = first.gpu;
      args.queryDebugEvent.queueId = first.queue;
      // What the debugger asks to clear is cleared now.
      raised_.front().mask &= ~args.queryDebugEvent.exceptionMask;
      if (raised_.front().mask == 0) raised_.erase(raised_.begin());
      return 0;
    }
    case kfd::kOpSuspendQueues:
    case kfd::kOpResumeQueues: {
      bool suspend = args.op == kfd::kOpSuspendQueues;
      auto* ids =
          reinterpret_cast<uint32_t*>(suspend ? args.suspendQueues.queueArrayPtr : args.resumeQueues.queueArrayPtr);
      uint32_t count = suspend ? args.suspendQueues.numQueues : args.resumeQueues.numQueues;
      int done = 0;
      std::string list;
      for (uint32_t i = 0; i < count; ++i) {
        list += (i ? "," : "") + std::to_string(ids[i]);
        if (!queues_.count(ids[i])) {
          ids[i] |= kfd::kQueueInvalidMask;
          continue;
        }
        if (suspend) suspended_.insert(ids[i]);
        else suspended_.erase(ids[i]);
        ++done;
      }
      requests_.push_back(std::string(suspend ? "suspend " : "resume ") + list);
      if (!suspend && suspended_.empty()) runStages();
      return done;
    }
    case kfd::kOpGetQueueSnapshot: {
      requests_.push_back("snapshot");
      auto* entries = reinterpret_cast<kfd::QueueSnapshotEntry*>(args.queueSnapshot.snapshotBufPtr);
      uint32_t i = 0;
      for (const auto& [id, entry] : queues_) {
        if (i < args.queueSnapshot.numQueues) entries[i] = entry;
        ++i;
      }
      args.queueSnapshot.numQueues = uint32_t(queues_.size());
      return 0;
    }
    default:
      errno = EINVAL;
      return -1;
  }
}

void SimulatedKfdDevice::raise(Raised raised) {
  raised_.push_back(raised);
  char note = '.';
  if (notifyFd_ >= 0 && ::write(notifyFd_, &note, 1) != 1) {}
}

void SimulatedKfdDevice::runStages() {
  // A stage runs when nothing is suspended; it may suspend (a wave trap).
  while (stage_ < script_.stages().size() && suspended_.empty()) {
    for (const auto& step : script_.stages()[stage_]) run(step);
    ++stage_;
    if (!raised_.empty()) break;  // the debugger will suspend what raised
  }
}

void SimulatedKfdDevice::run(const SimStep& step) {
  if (step.verb == "version") {
    // applied at construction
  } else if (step.verb == "queue") {
    kfd::QueueSnapshotEntry entry{};
    entry.queueId = uint32_t(step.number("queue"));
    entry.gpuId = uint32_t(step.number("gpu"));
    entry.ringBaseAddress = step.number("ring", 0);
    entry.ringSize = uint32_t(step.number("ringsize", 0x1000));
    entry.ctxSaveRestoreAddress = step.number("ctx", 0);
    entry.ctxSaveRestoreAreaSize = uint32_t(step.number("ctxsize", 0));
    queues_[entry.queueId] = entry;
    raise({kfd::exceptionMask(kfd::kEcQueueNew), entry.gpuId, entry.queueId});
  } else if (step.verb == "memory") {
    std::vector<uint8_t> bytes(step.number("size"));
    for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = uint8_t(i);
    memory_.map(step.number("addr"), bytes);
  } else if (step.verb == "runtime") {
    runtimeWaiting_ = true;
    raise({kfd::exceptionMask(kfd::kEcProcessRuntime), 0, 0});
  } else if (step.verb == "exception") {
    uint32_t queue = uint32_t(step.number("queue"));
    raise({kfd::exceptionMask(uint32_t(step.number("code"))), queues_.count(queue) ? queues_[queue].gpuId : 0, queue});
  } else {
    throw std::runtime_error("GPU simulator script line " + std::to_string(step.lineNumber) + ": unknown step '" +
                             step.verb + "'");
  }
}

}  // namespace rwd
