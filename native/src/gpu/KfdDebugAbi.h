// KfdDebugAbi: the AMD KFD debugger API that KfdDebugBackend speaks
// (AMDKFD_IOC_DBG_TRAP on /dev/kfd, KFD ioctl version 1.13 and later, in
// Linux since 6.5). Debian's linux-libc-dev here (6.1) ships kfd_ioctl.h
// 1.11 without it, so the upstream layout (include/uapi/linux/kfd_ioctl.h,
// version 1.15) is pinned here; the sizes and offsets are checked below.
#pragma once

#include <linux/ioctl.h>

#include <cstddef>
#include <cstdint>

namespace rwd::kfd {

constexpr uint32_t kDebuggerMinorVersion = 13;  // first KFD minor version with AMDKFD_IOC_DBG_TRAP

struct GetVersion {
  uint32_t major;
  uint32_t minor;
};

enum Operation : uint32_t {
  kOpEnable = 0,
  kOpDisable = 1,
  kOpSendRuntimeEvent = 2,
  kOpSetExceptionsEnabled = 3,
  kOpSetWaveLaunchOverride = 4,
  kOpSetWaveLaunchMode = 5,
  kOpSuspendQueues = 6,
  kOpResumeQueues = 7,
  kOpSetNodeAddressWatch = 8,
  kOpClearNodeAddressWatch = 9,
  kOpSetFlags = 10,
  kOpQueryDebugEvent = 11,
  kOpQueryExceptionInfo = 12,
  kOpGetQueueSnapshot = 13,
  kOpGetDeviceSnapshot = 14,
};

enum ExceptionCode : uint32_t {
  kEcQueueWaveAbort = 1,
  kEcQueueWaveTrap = 2,
  kEcQueueWaveMathError = 3,
  kEcQueueWaveIllegalInstruction = 4,
  kEcQueueWaveMemoryViolation = 5,
  kEcQueueWaveApertureViolation = 6,
  kEcQueuePreemptionError = 30,
  kEcQueueNew = 31,
  kEcDeviceQueueDelete = 32,
  kEcDeviceMemoryViolation = 33,
  kEcDeviceNew = 36,
  kEcProcessRuntime = 48,
  kEcProcessDeviceRemove = 49,
};

constexpr uint64_t exceptionMask(uint32_t code) { return 1ull << (code - 1); }
// Exceptions 1..31 are per queue, 32..47 per device, 48.. per process.
constexpr uint64_t kQueueExceptions = 0x00000000ffffffffull;
constexpr uint64_t kDeviceExceptions = 0x0000ffff00000000ull;
constexpr uint64_t kProcessExceptions = 0xffff000000000000ull;

enum WaveLaunchMode : uint32_t { kLaunchNormal = 0, kLaunchHalt = 1, kLaunchDebug = 3 };

struct RuntimeInfo {
  uint64_t rDebug;
  uint32_t runtimeState;  // 0 disabled, 1 enabled, 2 busy, 3 error
  uint32_t ttmpSetup;
};

struct EnableArgs {
  uint64_t exceptionMask;
  uint64_t rinfoPtr;
  uint32_t rinfoSize;
  uint32_t dbgFd;
};
struct SendRuntimeEventArgs {
  uint64_t exceptionMask;
  uint32_t gpuId;
  uint32_t queueId;
};
struct WaveLaunchModeArgs {
  uint32_t launchMode;
  uint32_t pad;
};
struct SuspendQueuesArgs {
  uint64_t exceptionMask;
  uint64_t queueArrayPtr;
  uint32_t numQueues;
  uint32_t gracePeriod;
};
struct ResumeQueuesArgs {
  uint64_t queueArrayPtr;
  uint32_t numQueues;
  uint32_t pad;
};
struct QueryDebugEventArgs {
  uint64_t exceptionMask;
  uint32_t gpuId;
  uint32_t queueId;
};
struct QueueSnapshotArgs {
  uint64_t exceptionMask;
  uint64_t snapshotBufPtr;
  uint32_t numQueues;
  uint32_t entrySize;
};
struct AddressWatchArgs {
  uint64_t address;
  uint32_t mode;
  uint32_t mask;
  uint32_t gpuId;
  uint32_t id;
};

struct DbgTrapArgs {
  uint32_t pid;
  uint32_t op;
  union {
    EnableArgs enable;
    SendRuntimeEventArgs sendRuntimeEvent;
    WaveLaunchModeArgs launchMode;
    SuspendQueuesArgs suspendQueues;
    ResumeQueuesArgs resumeQueues;
    QueryDebugEventArgs queryDebugEvent;
    QueueSnapshotArgs queueSnapshot;
    AddressWatchArgs addressWatch;
  };
};

struct QueueSnapshotEntry {
  uint64_t exceptionStatus;
  uint64_t ringBaseAddress;
  uint64_t writePointerAddress;
  uint64_t readPointerAddress;
  uint64_t ctxSaveRestoreAddress;
  uint32_t queueId;
  uint32_t gpuId;
  uint32_t ringSize;
  uint32_t queueType;
  uint32_t ctxSaveRestoreAreaSize;
  uint32_t reserved;
};

// Bits in a suspend/resume answer's queue id array.
constexpr uint32_t kQueueErrorMask = 1u << 30;
constexpr uint32_t kQueueInvalidMask = 1u << 31;

constexpr unsigned long kIoctlGetVersion = _IOR('K', 0x01, GetVersion);
constexpr unsigned long kIoctlDbgTrap = _IOWR('K', 0x26, DbgTrapArgs);

static_assert(sizeof(EnableArgs) == 24 && offsetof(EnableArgs, dbgFd) == 20);
static_assert(sizeof(SuspendQueuesArgs) == 24 && offsetof(SuspendQueuesArgs, gracePeriod) == 20);
static_assert(sizeof(ResumeQueuesArgs) == 16);
static_assert(sizeof(QueryDebugEventArgs) == 16);
static_assert(sizeof(QueueSnapshotArgs) == 24);
static_assert(sizeof(AddressWatchArgs) == 24);
static_assert(sizeof(DbgTrapArgs) == 32 && offsetof(DbgTrapArgs, enable) == 8);
static_assert(sizeof(QueueSnapshotEntry) == 64 && offsetof(QueueSnapshotEntry, queueId) == 40);
static_assert(sizeof(RuntimeInfo) == 16);
static_assert(kIoctlDbgTrap == 0xc0204b26);
static_assert(kIoctlGetVersion == 0x80084b01);

}  // namespace rwd::kfd
