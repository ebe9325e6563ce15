// KfdDebugBackend: the KFD debugger request sequence (see the header).
#include "gpu/KfdDebugBackend.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <sstream>

#include "gpu/GpuError.h"

namespace rwd {

namespace {

std::string hex(uint64_t value) {
  std::ostringstream out;
  out << "0x" << std::hex << value;
  return out.str();
}

// The reason a stopped queue shows, from its lowest raised exception.
std::string reasonOf(uint64_t raised) {
  if (raised & kfd::exceptionMask(kfd::kEcQueueWaveTrap)) return "breakpoint";
  if (raised & kfd::exceptionMask(kfd::kEcQueueWaveMemoryViolation)) return "exception: memory violation";
  if (raised & kfd::exceptionMask(kfd::kEcQueueWaveApertureViolation)) return "exception: aperture violation";
  if (raised & kfd::exceptionMask(kfd::kEcQueueWaveIllegalInstruction)) return "exception: illegal instruction";
  if (raised & kfd::exceptionMask(kfd::kEcQueueWaveMathError)) return "exception: math error";
  if (raised & kfd::exceptionMask(kfd::kEcQueueWaveAbort)) return "exception: wave abort";
  return "exception";
}

}  // namespace

KfdDebugBackend::KfdDebugBackend(GpuDriverPort& port, std::string kfdPath)
    : port_(port), kfdPath_(std::move(kfdPath)) {}

KfdDebugBackend::~KfdDebugBackend() { detach(); }

int KfdDebugBackend::trap(uint32_t op, kfd::DbgTrapArgs& args) {
  args.pid = uint32_t(pid_);
  args.op = op;
  return port_.ioctl(kfdFd_, kfd::kIoctlDbgTrap, &args);
}

void KfdDebugBackend::attach(pid_t pid) {
  pid_ = pid;
  kfdFd_ = port_.open(kfdPath_, O_RDWR);
  if (kfdFd_ < 0) throw GpuError("AMD KFD debugger: cannot open " + kfdPath_ + ": " + std::strerror(errno) + ".");
  kfd::GetVersion version{};
  if (port_.ioctl(kfdFd_, kfd::kIoctlGetVersion, &version) != 0 || version.major != 1 ||
      version.minor < kfd::kDebuggerMinorVersion) {
    std::string found = std::to_string(version.major) + "." + std::to_string(version.minor);
    detach();
    throw GpuError("AMD KFD debugger: the kernel's KFD interface is version " + found +
                   ", without the debugger API (it needs 1.13, Linux 6.5 or later).");
  }
  if (::pipe2(pipe_, O_CLOEXEC | O_NONBLOCK) != 0) throw GpuError("AMD KFD debugger: pipe2 failed.");
  kfd::RuntimeInfo runtime{};
  kfd::DbgTrapArgs args{};
  args.enable.exceptionMask = kfd::kQueueExceptions | kfd::kDeviceExceptions | kfd::kProcessExceptions;
  args.enable.rinfoPtr = reinterpret_cast<uint64_t>(&runtime);
  args.enable.rinfoSize = sizeof runtime;
  args.enable.dbgFd = uint32_t(pipe_[1]);
  if (trap(kfd::kOpEnable, args) != 0) {
    int error = errno;
    detach();
    if (error == EPERM)
      throw GpuError("AMD KFD debugger: process " + std::to_string(pid) + " is not ptrace-attached by Rewind.");
    if (error == EINVAL)
      throw GpuError("AMD KFD debugger: process " + std::to_string(pid) +
                     " is already GPU-debugged, or the GPU has no hardware scheduling (HWS).");
    throw GpuError("AMD KFD debugger: enable failed: " + std::string(std::strerror(error)) + ".");
  }
  memFd_ = port_.open("/proc/" + std::to_string(pid) + "/mem", O_RDWR);
  if (memFd_ < 0) throw GpuError("AMD KFD debugger: cannot open /proc/" + std::to_string(pid) + "/mem.");
}

void KfdDebugBackend::detach() {
  if (kfdFd_ >= 0 && pid_ > 0 && pipe_[1] >= 0) {
    if (!stopped_.empty()) resume({});
    kfd::DbgTrapArgs args{};
    trap(kfd::kOpDisable, args);
  }
  for (int* fd : {&memFd_, &kfdFd_}) {
    if (*fd >= 0) port_.close(*fd);
    *fd = -1;
  }
  for (int& fd : pipe_) {
    if (fd >= 0) ::close(fd);
    fd = -1;
  }
}

std::map<uint32_t, kfd::QueueSnapshotEntry> KfdDebugBackend::snapshot() {
  std::vector<kfd::QueueSnapshotEntry> entries(16);
  while (true) {
    kfd::DbgTrapArgs args{};
    args.queueSnapshot.snapshotBufPtr = reinterpret_cast<uint64_t>(entries.data());
    args.queueSnapshot.numQueues = uint32_t(entries.size());
    args.queueSnapshot.entrySize = sizeof(kfd::QueueSnapshotEntry);
    if (trap(kfd::kOpGetQueueSnapshot, args) != 0) throw GpuError("AMD KFD debugger: queue snapshot failed.");
    if (args.queueSnapshot.numQueues <= entries.size()) {
      std::map<uint32_t, kfd::QueueSnapshotEntry> queues;
      for (uint32_t i = 0; i < args.queueSnapshot.numQueues; ++i) queues[entries[i].queueId] = entries[i];
      return queues;
    }
    entries.resize(args.queueSnapshot.numQueues);  // more queues than room: ask again
  }
}

void KfdDebugBackend::suspend(const std::vector<uint32_t>& ids, uint64_t clearMask, const std::string& reason,
                              std::vector<GpuChange>& changes) {
  std::vector<uint32_t> array = ids;
  kfd::DbgTrapArgs args{};
  args.suspendQueues.exceptionMask = clearMask;
  args.suspendQueues.queueArrayPtr = reinterpret_cast<uint64_t>(array.data());
  args.suspendQueues.numQueues = uint32_t(array.size());
  if (trap(kfd::kOpSuspendQueues, args) < 0)
    throw GpuError("AMD KFD debugger: suspending queues failed: " + std::string(std::strerror(errno)) + ".");
  queues_ = snapshot();
  GpuChange change;
  change.stopReason = reason.rfind("exception", 0) == 0 ? "exception" : reason;
  change.description = reason;
  std::string list;
  for (size_t i = 0; i < array.size(); ++i) {
    if (array[i] & (kfd::kQueueErrorMask | kfd::kQueueInvalidMask)) continue;  // not suspended
    uint32_t id = ids[i];
    auto entry = queues_.find(id);
    GpuThread thread;
    thread.id = uint64_t(id) + 1;
    thread.device = "AMD GPU " + hex(entry == queues_.end() ? 0 : entry->second.gpuId);
    thread.queue = "queue " + std::to_string(id);
    thread.unit = "waves (not decoded)";
    thread.stopped = true;
    thread.stopReason = change.stopReason;
    stopped_[thread.id] = thread;
    change.stoppedThreads.push_back(thread.id);
    list += (list.empty() ? "" : ",") + std::to_string(id);
  }
  change.log = "suspended queues=" + list + " reason=" + reason;
  changes.push_back(change);
}

std::vector<GpuChange> KfdDebugBackend::pollEvents() {
  std::vector<GpuChange> changes = std::move(pending_);
  pending_.clear();
  char drain[64];
  while (pipe_[0] >= 0 && ::read(pipe_[0], drain, sizeof drain) > 0) {}
  while (kfdFd_ >= 0) {
    kfd::DbgTrapArgs args{};
    // Every exception found is handled now: clear it as it is reported.
    args.queryDebugEvent.exceptionMask = kfd::kQueueExceptions | kfd::kDeviceExceptions | kfd::kProcessExceptions;
    if (trap(kfd::kOpQueryDebugEvent, args) != 0) break;  // EAGAIN: nothing raised
    uint64_t raised = args.queryDebugEvent.exceptionMask;
    uint32_t queue = args.queryDebugEvent.queueId, gpu = args.queryDebugEvent.gpuId;
    if (raised & kfd::exceptionMask(kfd::kEcProcessRuntime)) {
      // The runtime waits in AMDKFD_IOC_RUNTIME_ENABLE until we answer.
      kfd::DbgTrapArgs answer{};
      answer.sendRuntimeEvent.exceptionMask = kfd::exceptionMask(kfd::kEcProcessRuntime);
      trap(kfd::kOpSendRuntimeEvent, answer);
      changes.push_back({"runtime enabled", {}, "", ""});
    }
    if (raised & kfd::exceptionMask(kfd::kEcQueueNew))
      changes.push_back({"queue new queue=" + std::to_string(queue), {}, "", ""});
    if (raised & kfd::exceptionMask(kfd::kEcDeviceNew)) changes.push_back({"device new gpu=" + hex(gpu), {}, "", ""});
    uint64_t waveExceptions = raised & kfd::kQueueExceptions & ~kfd::exceptionMask(kfd::kEcQueueNew);
    if (waveExceptions) suspend({queue}, 0, reasonOf(waveExceptions), changes);
  }
  return changes;
}

std::vector<GpuThread> KfdDebugBackend::threads() const {
  std::vector<GpuThread> list;
  for (const auto& [id, thread] : stopped_) list.push_back(thread);
  return list;
}

void KfdDebugBackend::interruptAll() {
  std::vector<uint32_t> ids;
  for (const auto& [id, entry] : snapshot())
    if (!stopped_.count(uint64_t(id) + 1)) ids.push_back(id);
  if (ids.empty()) return;
  suspend(ids, 0, "pause", pending_);
  char wake = '.';
  if (::write(pipe_[1], &wake, 1) != 1) {}
}

void KfdDebugBackend::resume(const std::vector<uint64_t>& threadIds) {
  std::vector<uint64_t> ids = threadIds;
  if (ids.empty())
    for (const auto& [id, thread] : stopped_) ids.push_back(id);
  std::vector<uint32_t> queues;
  for (uint64_t id : ids) queues.push_back(uint32_t(stoppedThread(id).id - 1));
  if (queues.empty()) return;
  kfd::DbgTrapArgs args{};
  args.resumeQueues.queueArrayPtr = reinterpret_cast<uint64_t>(queues.data());
  args.resumeQueues.numQueues = uint32_t(queues.size());
  if (trap(kfd::kOpResumeQueues, args) < 0)
    throw GpuError("AMD KFD debugger: resuming queues failed: " + std::string(std::strerror(errno)) + ".");
  for (uint64_t id : ids) stopped_.erase(id);
}

const GpuThread& KfdDebugBackend::stoppedThread(uint64_t threadId) const {
  auto it = stopped_.find(threadId);
  if (it == stopped_.end())
    throw GpuError("GPU thread " + std::to_string(threadId) + " is not stopped (or does not exist).");
  return it->second;
}

std::vector<GpuRegister> KfdDebugBackend::registers(uint64_t threadId) {
  uint32_t queue = uint32_t(stoppedThread(threadId).id - 1);
  auto entry = queues_.find(queue);
  if (entry == queues_.end()) throw GpuError("AMD KFD debugger: queue " + std::to_string(queue) + " is gone.");
  auto value = [](uint64_t v) {
    std::vector<uint8_t> bytes(8);
    std::memcpy(bytes.data(), &v, 8);
    return bytes;
  };
  const auto& e = entry->second;
  return {{"queue", "exception_status", value(e.exceptionStatus)},
          {"queue", "ring_base", value(e.ringBaseAddress)},
          {"queue", "ring_size", value(e.ringSize)},
          {"queue", "read_pointer_address", value(e.readPointerAddress)},
          {"queue", "write_pointer_address", value(e.writePointerAddress)},
          {"queue", "ctx_save_restore_address", value(e.ctxSaveRestoreAddress)},
          {"queue", "ctx_save_restore_size", value(e.ctxSaveRestoreAreaSize)}};
}

uint64_t KfdDebugBackend::programCounter(uint64_t threadId) {
  stoppedThread(threadId);
  throw GpuError(
      "AMD KFD debugger: wave program counters are in the queue's context save area, which Rewind "
      "does not decode yet.");
}

std::vector<uint8_t> KfdDebugBackend::readMemory(uint64_t, uint64_t address, size_t size) {
  std::vector<uint8_t> bytes(size);
  if (port_.pread(memFd_, bytes.data(), size, address) != ssize_t(size))
    throw GpuError("AMD KFD debugger: cannot read " + std::to_string(size) + " bytes at " + hex(address) + ".");
  return bytes;
}

void KfdDebugBackend::writeMemory(uint64_t, uint64_t address, const std::vector<uint8_t>& bytes) {
  if (port_.pwrite(memFd_, bytes.data(), bytes.size(), address) != ssize_t(bytes.size()))
    throw GpuError("AMD KFD debugger: cannot write at " + hex(address) + ".");
}

void KfdDebugBackend::insertBreakpoint(uint64_t) {
  throw GpuError(
      "AMD KFD debugger: breakpoints in GPU code need the runtime's code object list, which Rewind "
      "does not read yet.");
}

void KfdDebugBackend::removeBreakpoint(uint64_t) {}

}  // namespace rwd
