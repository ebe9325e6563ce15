// XeEudebugAbi: the Intel Xe eudebug uAPI that XeEudebugBackend speaks,
// written out here because no released kernel header carries it (the series
// was not merged upstream). Pinned version: the layout Intel's compute
// runtime builds against (intel/compute-runtime,
// third_party/uapi-eudebug/drm/xe_drm_eudebug.h, debugger ABI version 1:
// READ_EVENT 'j' 0, VM_OPEN 1, EU_CONTROL 2, READ_METADATA 3, ACK_EVENT 4;
// connect is DRM command 0x5f on the render node). Also the SIP state save
// area header ("tssarea", version 1/2) and the SBA tracking area
// ("sbaarea") that the runtime's debug SIP writes into GPU memory.
// Every size and offset the backend relies on is checked below.
#pragma once

#include <linux/ioctl.h>

#include <cstddef>
#include <cstdint>

namespace rwd::xe {

constexpr uint32_t kDebuggerAbiVersion = 1;

enum EventType : uint16_t {
  kEventNone = 0,
  kEventRead = 1,
  kEventOpen = 2,  // a DRM client (the debugged process opened the device)
  kEventVm = 3,
  kEventExecQueue = 4,
  kEventEuAttention = 5,
  kEventVmBind = 6,
  kEventVmBindOp = 7,
  kEventVmBindUfence = 8,
  kEventMetadata = 9,
  kEventVmBindOpMetadata = 10,
};

enum EventFlags : uint16_t {
  kFlagCreate = 1 << 0,
  kFlagDestroy = 1 << 1,
  kFlagStateChange = 1 << 2,
  kFlagNeedAck = 1 << 3,
};

struct Event {
  uint32_t len;
  uint16_t type;
  uint16_t flags;
  uint64_t seqno;
  uint64_t reserved;
};

struct EventClient {
  Event base;
  uint64_t clientHandle;
};

struct EventVm {
  Event base;
  uint64_t clientHandle;
  uint64_t vmHandle;
};

struct EventExecQueue {
  Event base;
  uint64_t clientHandle;
  uint64_t vmHandle;
  uint64_t execQueueHandle;
  uint32_t engineClass;
  uint32_t width;
  // followed by `width` uint64_t LRC handles
};

struct EventEuAttention {
  Event base;
  uint64_t clientHandle;
  uint64_t execQueueHandle;
  uint64_t lrcHandle;
  uint32_t flags;
  uint32_t bitmaskSize;
  // followed by `bitmaskSize` bytes
};

struct EventVmBind {
  Event base;
  uint64_t clientHandle;
  uint64_t vmHandle;
  uint32_t flags;  // kVmBindFlagUfence
  uint32_t numBinds;
};
constexpr uint32_t kVmBindFlagUfence = 1 << 0;

struct EventVmBindOp {
  Event base;
  uint64_t vmBindRefSeqno;
  uint64_t numExtensions;
  uint64_t addr;
  uint64_t range;
};

struct EventVmBindUfence {
  Event base;
  uint64_t vmBindRefSeqno;
};

struct EventMetadata {
  Event base;
  uint64_t clientHandle;
  uint64_t metadataHandle;
  uint64_t type;  // MetadataType
  uint64_t len;
};

struct EventVmBindOpMetadata {
  Event base;
  uint64_t vmBindOpRefSeqno;
  uint64_t metadataHandle;
  uint64_t metadataCookie;
};

// DRM_XE_DEBUG_METADATA_* of the runtime's xe_drm.h.
enum MetadataType : uint64_t {
  kMetadataElfBinary = 0,
  kMetadataProgramModule = 1,
  kMetadataModuleArea = 2,
  kMetadataSbaArea = 3,
  kMetadataSipArea = 4,
};

struct Connect {
  uint64_t extensions;
  uint64_t pid;
  uint32_t flags;
  uint32_t version;  // out
};

enum EuControlCommand : uint32_t {
  kEuControlInterruptAll = 0,
  kEuControlStopped = 1,
  kEuControlResume = 2,
};

struct EuControl {
  uint64_t clientHandle;
  uint32_t cmd;
  uint32_t flags;
  uint64_t seqno;  // out
  uint64_t execQueueHandle;
  uint64_t lrcHandle;
  uint32_t reserved;
  uint32_t bitmaskSize;
  uint64_t bitmaskPtr;
};

struct AckEvent {
  uint32_t type;
  uint32_t flags;
  uint64_t seqno;
};

struct VmOpen {
  uint64_t extensions;
  uint64_t clientHandle;
  uint64_t vmHandle;
  uint64_t flags;
  uint64_t timeoutNs;
};

struct ReadMetadata {
  uint64_t clientHandle;
  uint64_t metadataHandle;
  uint32_t flags;
  uint32_t reserved;
  uint64_t ptr;
  uint64_t size;
};

// The SIP's state save area: a version header, then the register header.
struct StateSaveVersion {
  char magic[8];  // "tssarea"
  uint64_t reserved1;
  uint8_t major;
  uint8_t minor;
  uint16_t patch;
  uint8_t size;  // header size in 8-byte units
  uint8_t reserved2[3];
};

struct alignas(8) RegsetDescriptor {
  uint32_t offset;  // within one thread's save area
  uint16_t count;
  uint16_t bits;
  uint16_t bytes;
};

struct alignas(8) StateSaveRegisters {
  uint32_t numSlices;
  uint32_t numSubslicesPerSlice;
  uint32_t numEusPerSubslice;
  uint32_t numThreadsPerEu;
  uint32_t stateAreaOffset;
  uint32_t stateSaveSize;  // bytes per thread
  uint32_t slmAreaOffset;
  uint32_t slmBankSize;
  uint32_t slmBankValid;
  uint32_t srMagicOffset;
  RegsetDescriptor grf, addr, flag, emask, sr, cr, notification, tdr, acc, mme, tm0, ce, sp, dbg, cmd;
};

struct StateSaveHeader {
  StateSaveVersion version;
  StateSaveRegisters regs;
};

// The runtime's SBA tracking area: where each state base address lives.
struct SbaArea {
  char magic[8];  // "sbaarea"
  uint64_t reserved1;
  uint8_t version;
  uint8_t reserved2[7];
  uint64_t generalStateBase;
  uint64_t surfaceStateBase;
  uint64_t dynamicStateBase;
  uint64_t indirectObjectBase;
  uint64_t instructionBase;
  uint64_t bindlessSurfaceStateBase;
  uint64_t bindlessSamplerStateBase;
};

constexpr unsigned long kIoctlReadEvent = _IO('j', 0x0);
constexpr unsigned long kIoctlVmOpen = _IOW('j', 0x1, VmOpen);
constexpr unsigned long kIoctlEuControl = _IOWR('j', 0x2, EuControl);
constexpr unsigned long kIoctlReadMetadata = _IOWR('j', 0x3, ReadMetadata);
constexpr unsigned long kIoctlAckEvent = _IOW('j', 0x4, AckEvent);
// DRM_IOWR(DRM_COMMAND_BASE + 0x5f, struct drm_xe_eudebug_connect)
constexpr unsigned long kIoctlConnect = _IOWR('d', 0x40 + 0x5f, Connect);

static_assert(sizeof(Event) == 24 && offsetof(Event, seqno) == 8);
static_assert(sizeof(EventClient) == 32);
static_assert(sizeof(EventVm) == 40);
static_assert(sizeof(EventExecQueue) == 56 && offsetof(EventExecQueue, width) == 52);
static_assert(sizeof(EventEuAttention) == 56 && offsetof(EventEuAttention, bitmaskSize) == 52);
static_assert(sizeof(EventVmBind) == 48 && offsetof(EventVmBind, numBinds) == 44);
static_assert(sizeof(EventVmBindOp) == 56 && offsetof(EventVmBindOp, addr) == 40);
static_assert(sizeof(EventVmBindUfence) == 32);
static_assert(sizeof(EventMetadata) == 56 && offsetof(EventMetadata, len) == 48);
static_assert(sizeof(EventVmBindOpMetadata) == 48);
static_assert(sizeof(Connect) == 24 && offsetof(Connect, version) == 20);
static_assert(sizeof(EuControl) == 56 && offsetof(EuControl, bitmaskSize) == 44 &&
              offsetof(EuControl, bitmaskPtr) == 48);
static_assert(sizeof(AckEvent) == 16);
static_assert(sizeof(VmOpen) == 40);
static_assert(sizeof(ReadMetadata) == 40 && offsetof(ReadMetadata, size) == 32);
static_assert(sizeof(StateSaveVersion) == 24 && offsetof(StateSaveVersion, size) == 20);
static_assert(sizeof(RegsetDescriptor) == 16);
static_assert(offsetof(StateSaveRegisters, grf) == 40 && offsetof(StateSaveRegisters, cr) == 120);
static_assert(sizeof(StateSaveRegisters) == 280);
static_assert(offsetof(SbaArea, instructionBase) == 56);
static_assert(kIoctlConnect == 0xc018649f);
static_assert(kIoctlEuControl == 0xc0386a02);

}  // namespace rwd::xe
