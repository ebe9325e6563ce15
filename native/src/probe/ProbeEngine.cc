// ProbeEngine: BPF maps, program assembly, and uprobe perf events.
#include "probe/ProbeEngine.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/perf_event.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/user.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>

#include "probe/ProbeSupport.h"

namespace rwd {

namespace {

constexpr int kPasses = 0, kHits = 1, kFaults = 2, kStops = 3;
using CounterRow = std::array<uint64_t, 4>;

// The saved stop record, as the program writes it: the general registers
// (user_regs_struct up to ss), the probe id, where the instruction writes,
// how many bytes, the approach's address (0: none), and those bytes.
constexpr int kSavedRegisters = static_cast<int>(offsetof(user_regs_struct, ss) / 8 + 1);
constexpr int16_t kRecordProbe = kSavedRegisters * 8;
constexpr int16_t kRecordWriteAddress = kRecordProbe + 8;
constexpr int16_t kRecordWriteSize = kRecordWriteAddress + 8;
constexpr int16_t kRecordApproach = kRecordWriteSize + 8;
constexpr int16_t kRecordBytes = kRecordApproach + 8;
constexpr uint32_t kRecordSize = kRecordBytes + WriteRange::kMaxSize;

std::string errorText(int error) { return std::strerror(error); }

// Copies the general registers (user_regs_struct up to ss) from the record at `from` to the one at `to`.
void emitCopyRegisters(BpfAssembler& code, int from, int to) {
  for (int i = 0; i < kSavedRegisters; ++i) {
    code.load(8, 1, from, static_cast<int16_t>(i * 8));
    code.store(8, to, static_cast<int16_t>(i * 8), 1);
  }
}

}  // namespace

ProbeEngine::~ProbeEngine() {
  removeAll();
  if (logRing_) ring_buffer__free(logRing_);
  for (int fd : {countersFd_, hitGroupsFd_, passOnceFd_, savedFd_, scratchFd_, logRingFd_, lostLogsFd_}) {
    if (fd >= 0) close(fd);
  }
}

void ProbeEngine::createMaps() {
  if (countersFd_ >= 0) return;
  countersFd_ = bpf_map_create(BPF_MAP_TYPE_ARRAY, "rwd_counters", 4, sizeof(CounterRow), kMaxProbes, nullptr);
  if (countersFd_ < 0) throw ProbeError("creating the probe counters failed: " + errorText(errno));
  hitGroupsFd_ = bpf_map_create(BPF_MAP_TYPE_ARRAY, "rwd_hit_groups", 4, 8, kMaxProbes, nullptr);
  if (hitGroupsFd_ < 0) throw ProbeError("creating the breakpoints' hit counters failed: " + errorText(errno));
  passOnceFd_ = bpf_map_create(BPF_MAP_TYPE_HASH, "rwd_pass_once", 8, 8, 256, nullptr);
  if (passOnceFd_ < 0) throw ProbeError("creating the probe pass table failed: " + errorText(errno));
  savedFd_ = bpf_map_create(BPF_MAP_TYPE_HASH, "rwd_saved", 4, kRecordSize, 256, nullptr);
  if (savedFd_ < 0) throw ProbeError("creating the probe stop table failed: " + errorText(errno));
  scratchFd_ = bpf_map_create(BPF_MAP_TYPE_PERCPU_ARRAY, "rwd_scratch", 4, kRecordSize, 1, nullptr);
  if (scratchFd_ < 0) throw ProbeError("creating the probe scratch space failed: " + errorText(errno));
  struct stat namespaceFile {};
  if (stat("/proc/self/ns/pid", &namespaceFile) != 0)
    throw ProbeError("the helper's pid namespace is unknown: " + errorText(errno));
  namespaceDevice_ = namespaceFile.st_dev;
  namespaceInode_ = namespaceFile.st_ino;
}

void ProbeEngine::createLogRing() {
  if (logRingFd_ >= 0) return;
  // REWIND_LOG_RING_BYTES (a power of two, at least a page) sizes it, for tests that fill it.
  uint32_t bytes = kDefaultLogRingBytes;
  if (const char* setting = std::getenv("REWIND_LOG_RING_BYTES")) bytes = static_cast<uint32_t>(std::atol(setting));
  logRingFd_ = bpf_map_create(BPF_MAP_TYPE_RINGBUF, "rwd_log_ring", 0, 0, bytes, nullptr);
  if (logRingFd_ < 0) throw ProbeError("creating the logpoint ring buffer failed: " + errorText(errno));
  lostLogsFd_ = bpf_map_create(BPF_MAP_TYPE_ARRAY, "rwd_lost_logs", 4, 8, kMaxProbes, nullptr);
  if (lostLogsFd_ < 0) throw ProbeError("creating the lost-record counters failed: " + errorText(errno));
  auto deliver = [](void* engine, void* data, size_t size) -> int {
    const auto* reader = static_cast<ProbeEngine*>(engine)->logReader_;
    if (!reader || size < static_cast<size_t>(kLogHeader)) return 0;
    uint64_t probe = 0;
    std::memcpy(&probe, data, 8);
    (*reader)(static_cast<int>(probe), static_cast<const uint8_t*>(data) + kLogHeader, size - kLogHeader);
    return 0;
  };
  logRing_ = ring_buffer__new(logRingFd_, deliver, this, nullptr);
  if (!logRing_) throw ProbeError("reading the logpoint ring buffer failed: " + errorText(errno));
}

int ProbeEngine::logFd() const { return logRing_ ? ring_buffer__epoll_fd(logRing_) : -1; }

void ProbeEngine::readLogs(const std::function<void(int probe, const uint8_t* values, size_t size)>& record) {
  if (!logRing_) return;
  logReader_ = &record;
  ring_buffer__consume(logRing_);
  logReader_ = nullptr;
}

uint64_t ProbeEngine::lostLogs(int id) const {
  uint64_t lost = 0;
  const uint32_t key = static_cast<uint32_t>(id);
  if (lostLogsFd_ >= 0) bpf_map_lookup_elem(lostLogsFd_, &key, &lost);
  return lost;
}

void ProbeEngine::emitLog(BpfAssembler& code, int id, const ProbeRequest& request, BpfAssembler::Label out,
                          BpfAssembler::Label fault) const {
  constexpr int record = kLogRecordRegister;
  const auto reserved = code.newLabel(), unreadable = code.newLabel();
  code.loadMap(1, logRingFd_);
  code.moveImmediate(2, static_cast<int32_t>(kLogHeader + request.logSize));
  code.moveImmediate(3, 0);
  code.call(BPF_FUNC_ringbuf_reserve);
  code.jumpIf(BPF_JNE, 0, 0, reserved);
  // The ring buffer is full: counted, for the debugger to say.
  code.storeImmediate(4, 10, -12, id);
  code.callWithStackKey(BPF_FUNC_map_lookup_elem, lostLogsFd_, -12);
  code.jumpIf(BPF_JEQ, 0, 0, out);
  code.moveImmediate(1, 1);
  code.atomicFetchAdd(0, 0, 1);
  code.jump(out);
  code.bind(reserved);
  code.moveRegister(record, 0);
  code.moveImmediate(1, id);
  code.store(8, record, 0, 1);
  request.log(code, record, unreadable);
  code.moveRegister(1, record);
  code.moveImmediate(2, 0);
  code.call(BPF_FUNC_ringbuf_submit);
  code.jump(out);
  if (code.isUsed(unreadable)) {
    code.bind(unreadable);
    code.moveRegister(1, record);
    code.moveImmediate(2, 0);
    code.call(BPF_FUNC_ringbuf_discard);
    code.jump(fault);
  }
}

void ProbeEngine::emitBranchTest(BpfAssembler& code, const BranchTest& test, BpfAssembler::Label notThere) {
  if (test.kind == BranchTest::Kind::Always) return;
  // r2 = the jcc's condition pair from rflags (CF 0, PF 2, ZF 6, SF 7, OF 11);
  // the low bit of the condition negates it.
  constexpr int16_t flagsOffset = offsetof(user_regs_struct, eflags);
  code.load(8, 1, kContextRegister, flagsOffset);
  auto bit = [&](int dst, int flag) {
    code.moveRegister(dst, 1);
    code.alu(BPF_RSH, dst, flag);
  };
  switch (test.condition >> 1) {
    case 0:
      bit(2, 11);
      break;  // o
    case 1:
      bit(2, 0);
      break;  // b
    case 2:
      bit(2, 6);
      break;  // e
    case 3:
      bit(2, 0);
      bit(3, 6);
      code.aluRegister(BPF_OR, 2, 3);
      break;  // be
    case 4:
      bit(2, 7);
      break;  // s
    case 5:
      bit(2, 2);
      break;  // p
    case 6:
      bit(2, 7);
      bit(3, 11);
      code.aluRegister(BPF_XOR, 2, 3);
      break;  // l
    default:
      bit(2, 7);
      bit(3, 11);
      code.aluRegister(BPF_XOR, 2, 3);
      bit(3, 6);
      code.aluRegister(BPF_OR, 2, 3);
      break;  // le
  }
  code.alu(BPF_AND, 2, 1);
  const int taken = (test.kind == BranchTest::Kind::Taken ? 1 : 0) ^ (test.condition & 1);
  code.jumpIf(BPF_JNE, 2, taken, notThere);
}

void ProbeEngine::emitSaveAndSignal(BpfAssembler& code, int id, const WriteRange& writes, uint64_t site,
                                    const ProbeApproach* approach) const {
  constexpr int ctx = kContextRegister, record = 7;
  const auto out = code.newLabel();
  code.storeImmediate(4, 10, -16, 0);
  code.callWithStackKey(BPF_FUNC_map_lookup_elem, scratchFd_, -16);
  code.jumpIf(BPF_JEQ, 0, 0, out);
  code.moveRegister(record, 0);
  emitCopyRegisters(code, ctx, record);
  code.moveImmediate(1, id);
  code.store(8, record, kRecordProbe, 1);
  code.storeImmediate(8, record, kRecordWriteSize, 0);
  code.storeImmediate(8, record, kRecordApproach, 0);
  if (approach) {
    // The thread stops at the site, which the approach leads to: only rip differs.
    code.loadImmediate64(1, site);
    code.store(8, record, static_cast<int16_t>(offsetof(user_regs_struct, rip)), 1);
    code.loadImmediate64(1, approach->site.address);
    code.store(8, record, kRecordApproach, 1);
  }
  if (writes.writes) {
    const auto unreadable = code.newLabel();
    code.moveImmediate(3, 0);
    if (writes.baseOffset >= 0) code.load(8, 3, ctx, static_cast<int16_t>(writes.baseOffset));
    if (writes.indexOffset >= 0) {
      code.load(8, 2, ctx, static_cast<int16_t>(writes.indexOffset));
      code.alu(BPF_MUL, 2, writes.scale);
      code.aluRegister(BPF_ADD, 3, 2);
    }
    code.loadImmediate64(2, static_cast<uint64_t>(writes.displacement));
    code.aluRegister(BPF_ADD, 3, 2);
    code.store(8, record, kRecordWriteAddress, 3);
    code.moveRegister(1, record);
    code.alu(BPF_ADD, 1, kRecordBytes);
    code.moveImmediate(2, static_cast<int32_t>(writes.size));
    code.call(BPF_FUNC_probe_read_user);
    // Bytes it cannot read, the instruction cannot write either: it will fault.
    code.jumpIf(BPF_JNE, 0, 0, unreadable);
    code.storeImmediate(8, record, kRecordWriteSize, static_cast<int32_t>(writes.size));
    code.bind(unreadable);
  }
  // Keyed by the thread's id in the tracer's pid namespace.
  code.loadImmediate64(1, namespaceDevice_);
  code.loadImmediate64(2, namespaceInode_);
  code.moveRegister(3, 10);
  code.alu(BPF_ADD, 3, -24);
  code.moveImmediate(4, 8);
  code.call(BPF_FUNC_get_ns_current_pid_tgid);
  code.jumpIf(BPF_JNE, 0, 0, out);
  code.loadMap(1, savedFd_);
  code.moveRegister(2, 10);
  code.alu(BPF_ADD, 2, -24);  // bpf_pidns_info.pid
  code.moveRegister(3, record);
  code.moveImmediate(4, BPF_ANY);
  code.call(BPF_FUNC_map_update_elem);
  code.moveImmediate(1, kStopSignal);
  code.call(BPF_FUNC_send_signal_thread);
  code.bind(out);
}

void ProbeEngine::emitRegistersAtSite(BpfAssembler& code, const ProbeRequest& request, BpfAssembler::Label out) const {
  constexpr int ctx = kContextRegister, copy = 7;
  // A thread the debugger single-steps through the trampoline is not judged.
  code.load(8, 1, ctx, static_cast<int16_t>(offsetof(user_regs_struct, eflags)));
  code.alu(BPF_AND, 1, 0x100);
  code.jumpIf(BPF_JNE, 1, 0, out);
  code.storeImmediate(4, 10, -16, 0);
  code.callWithStackKey(BPF_FUNC_map_lookup_elem, scratchFd_, -16);
  code.jumpIf(BPF_JEQ, 0, 0, out);
  code.moveRegister(copy, 0);
  emitCopyRegisters(code, ctx, copy);
  constexpr auto rsp = static_cast<int16_t>(offsetof(user_regs_struct, rsp));
  code.load(8, 1, copy, rsp);
  code.alu(BPF_ADD, 1, static_cast<int32_t>(-request.trampolineStackShift));
  code.store(8, copy, rsp, 1);
  code.loadImmediate64(1, request.site.address);
  code.store(8, copy, static_cast<int16_t>(offsetof(user_regs_struct, rip)), 1);
  // Not in a system call (the kernel's optimized uprobe enters by one).
  code.storeImmediate(8, copy, static_cast<int16_t>(offsetof(user_regs_struct, orig_rax)), -1);
  code.moveRegister(ctx, copy);
}

std::vector<bpf_insn> ProbeEngine::build(int id, const ProbeRequest& request, const WriteRange& writes,
                                         const ProbeApproach* approach) const {
  constexpr int ctx = kContextRegister, counters = 8;
  constexpr int16_t spOffset = offsetof(user_regs_struct, rsp);
  BpfAssembler code;
  const auto out = code.newLabel();
  const auto judge = code.newLabel();
  const auto stop = code.newLabel();
  const auto fault = code.newLabel();
  code.moveRegister(ctx, 1);
  if (request.trampolineNop) {
    emitRegistersAtSite(code, request, out);
  } else if (approach) {
    // No thread resumes at an approach from a stop of this probe (it
    // stops at the site, past it): only whether it goes to the site counts.
    // A thread the debugger single-steps through the approach (TF set) is
    // not judged: its step ends at the site, as a step onto a probed site
    // is not judged either, and no stop may wait behind the step's trap.
    code.load(8, 1, ctx, static_cast<int16_t>(offsetof(user_regs_struct, eflags)));
    code.alu(BPF_AND, 1, 0x100);
    code.jumpIf(BPF_JNE, 1, 0, out);
    emitBranchTest(code, approach->test, out);
  } else {
    // A thread resuming from a stop here passes once without being judged.
    code.load(8, 1, ctx, spOffset);
    code.store(8, 10, -8, 1);
    code.callWithStackKey(BPF_FUNC_map_lookup_elem, passOnceFd_, -8);
    code.jumpIf(BPF_JEQ, 0, 0, judge);
    code.load(8, 1, 0, 0);
    code.loadImmediate64(2, request.site.address);
    code.jumpIfRegister(BPF_JNE, 1, 2, judge);
    code.callWithStackKey(BPF_FUNC_map_delete_elem, passOnceFd_, -8);
    code.jump(out);
  }

  code.bind(judge);
  code.storeImmediate(4, 10, -12, id);
  code.callWithStackKey(BPF_FUNC_map_lookup_elem, countersFd_, -12);
  code.jumpIf(BPF_JEQ, 0, 0, out);
  code.moveRegister(counters, 0);
  code.moveImmediate(1, 1);
  code.atomicFetchAdd(counters, kPasses * 8, 1);
  if (request.predicate) request.predicate(code, PredicateLabels{out, fault});
  code.moveImmediate(1, 1);
  code.atomicFetchAdd(counters, kHits * 8, 1);
  if (request.hitGroup >= 0) {
    // Numbered among the hits of every probe of its group.
    code.storeImmediate(4, 10, -12, request.hitGroup);
    code.callWithStackKey(BPF_FUNC_map_lookup_elem, hitGroupsFd_, -12);
    code.jumpIf(BPF_JEQ, 0, 0, out);
    code.moveImmediate(1, 1);
    code.atomicFetchAdd(0, 0, 1);
  }
  code.alu(BPF_ADD, 1, 1);  // this hit's number
  const auto operand = static_cast<int32_t>(request.rule.operand);
  switch (request.rule.kind) {
    case HitRule::Kind::Never:
      code.jump(out);
      break;
    case HitRule::Kind::Always:
      break;
    case HitRule::Kind::Equal:
      code.jumpIf(BPF_JNE, 1, operand, out);
      break;
    case HitRule::Kind::AtLeast:
      code.jumpIf(BPF_JLT, 1, operand, out);
      break;
    case HitRule::Kind::Greater:
      code.jumpIf(BPF_JLE, 1, operand, out);
      break;
    case HitRule::Kind::Multiple:
      code.alu(BPF_MOD, 1, operand);
      code.jumpIf(BPF_JNE, 1, 0, out);
      break;
  }
  if (request.log && request.rule.kind != HitRule::Kind::Never) emitLog(code, id, request, out, fault);
  // A condition (or log value) that cannot be read stops, and the tracer says why.
  const bool faults = code.isUsed(fault);
  if ((request.rule.kind != HitRule::Kind::Never && !request.log) || faults) {
    code.bind(stop);
    code.moveImmediate(1, 1);
    code.atomicFetchAdd(counters, kStops * 8, 1);
    if (request.signal) {
      code.moveImmediate(1, request.signal);
      code.call(BPF_FUNC_send_signal_thread);
    } else {
      emitSaveAndSignal(code, id, writes, request.site.address, approach);
    }
  }
  code.bind(out);
  code.moveImmediate(0, 0);
  code.exit();
  if (faults) {
    code.bind(fault);
    code.moveImmediate(1, 1);
    code.atomicFetchAdd(counters, kFaults * 8, 1);
    code.jump(stop);
  }
  return code.finish();
}

int ProbeEngine::place(const ProbeRequest& request) {
  if (const auto& reason = ProbeSupport::unavailableReason(); !reason.empty()) throw ProbeError(reason);
  if (request.rule.operand > INT32_MAX) throw ProbeError("a hit count above 2147483647 is not judged in the kernel");
  if (request.hitGroup >= kMaxProbes) throw ProbeError("too many breakpoints with kernel hit counts");
  createMaps();
  if (request.log) createLogRing();
  int id = 0;
  while (probes_.count(id)) ++id;
  if (id >= kMaxProbes) throw ProbeError("too many probes");
  const CounterRow zero{};
  const uint32_t key = static_cast<uint32_t>(id);
  bpf_map_update_elem(countersFd_, &key, zero.data(), BPF_ANY);
  if (lostLogsFd_ >= 0) bpf_map_update_elem(lostLogsFd_, &key, &zero[0], BPF_ANY);

  // At an approach the site's instruction has not run at the stop: nothing to put back.
  // On a trampoline's nop5 nothing is written either.
  const bool approached = !request.approaches.empty() && !request.trampolineNop;
  const WriteRange writes =
      request.signal || approached || request.trampolineNop ? WriteRange{} : ProbedInstruction::writesOf(request.site);
  Probe probe;
  probe.address = request.site.address;
  probe.approached = approached;
  probe.onTrampoline = request.trampolineNop.has_value();
  probe.hitGroup = request.hitGroup;
  if (request.hitGroup >= 0 && std::none_of(probes_.begin(), probes_.end(), [&](const auto& entry) {
        return entry.second.hitGroup == request.hitGroup;
      })) {
    addToGroup(request.hitGroup, -static_cast<int64_t>(groupHits(request.hitGroup)));  // a new group starts at 0
  }
  try {
    if (request.trampolineNop) {
      attach(probe, build(id, request, writes, nullptr), request.pid, *request.trampolineNop);
    } else if (!approached) {
      attach(probe, build(id, request, writes, nullptr), request.pid, request.site);
    }
    for (const auto& approach : approached ? request.approaches : std::vector<ProbeApproach>{}) {
      attach(probe, build(id, request, writes, &approach), request.pid, approach.site);
    }
  } catch (const ProbeError&) {
    for (int fd : probe.eventFds) close(fd);
    for (int fd : probe.programFds) close(fd);
    throw;
  }
  probes_[id] = probe;
  return id;
}

void ProbeEngine::attach(Probe& probe, const std::vector<bpf_insn>& program, pid_t pid, const ProbeSite& site) {
  std::string log(1 << 16, '\0');
  LIBBPF_OPTS(bpf_prog_load_opts, options, .log_level = 1, .log_size = static_cast<__u32>(log.size()),
              .log_buf = log.data());
  const int programFd =
      bpf_prog_load(BPF_PROG_TYPE_KPROBE, "rwd_probe", "GPL", program.data(), program.size(), &options);
  if (programFd < 0) {
    const int error = errno;
    // The verifier's complaint: its last line before the statistics.
    std::string verifier;
    std::istringstream lines(log.c_str());
    for (std::string line; std::getline(lines, line);) {
      if (!line.empty() && line.rfind("processed ", 0) != 0) verifier = line;
    }
    throw ProbeError("the kernel refused the probe program (" + (verifier.empty() ? errorText(error) : verifier) + ")");
  }
  probe.programFds.push_back(programFd);
  perf_event_attr attributes{};
  attributes.size = sizeof attributes;
  attributes.type = static_cast<uint32_t>(ProbeSupport::uprobeEventType());
  attributes.config1 = reinterpret_cast<uint64_t>(site.path.c_str());
  attributes.config2 = site.fileOffset;
  const int eventFd = static_cast<int>(syscall(SYS_perf_event_open, &attributes, pid, -1, -1, PERF_FLAG_FD_CLOEXEC));
  if (eventFd < 0) {
    const int error = errno;
    throw ProbeError("placing a uprobe at " + site.path + "+" + std::to_string(site.fileOffset) +
                     " failed: " + errorText(error));
  }
  probe.eventFds.push_back(eventFd);
  if (ioctl(eventFd, PERF_EVENT_IOC_SET_BPF, programFd) != 0 || ioctl(eventFd, PERF_EVENT_IOC_ENABLE, 0) != 0) {
    throw ProbeError("attaching the probe program failed: " + errorText(errno));
  }
}

void ProbeEngine::remove(int id) {
  auto found = probes_.find(id);
  if (found == probes_.end()) return;
  for (int fd : found->second.eventFds) close(fd);  // a uprobe goes with its last event
  for (int fd : found->second.programFds) close(fd);
  probes_.erase(found);
}

void ProbeEngine::removeAll() {
  while (!probes_.empty()) remove(probes_.begin()->first);
}

ProbeCounts ProbeEngine::counts(int id) const {
  CounterRow row{};
  const uint32_t key = static_cast<uint32_t>(id);
  if (countersFd_ >= 0) bpf_map_lookup_elem(countersFd_, &key, row.data());
  const auto found = probes_.find(id);
  const uint64_t hits =
      found != probes_.end() && found->second.hitGroup >= 0 ? groupHits(found->second.hitGroup) : row[kHits];
  return ProbeCounts{row[kPasses], hits, row[kFaults], row[kStops]};
}

uint64_t ProbeEngine::groupHits(int group) const {
  uint64_t hits = 0;
  const uint32_t key = static_cast<uint32_t>(group);
  if (hitGroupsFd_ >= 0) bpf_map_lookup_elem(hitGroupsFd_, &key, &hits);
  return hits;
}

void ProbeEngine::addToGroup(int group, int64_t delta) {
  // As addToCount: only while the probed threads are stopped.
  const uint32_t key = static_cast<uint32_t>(group);
  const uint64_t hits = groupHits(group) + static_cast<uint64_t>(delta);
  bpf_map_update_elem(hitGroupsFd_, &key, &hits, BPF_ANY);
}

void ProbeEngine::addToCount(int id, int field, int64_t delta) {
  // Only while the probed threads are stopped: no pass races this update.
  CounterRow row{};
  const uint32_t key = static_cast<uint32_t>(id);
  if (bpf_map_lookup_elem(countersFd_, &key, row.data()) != 0) return;
  row[field] += static_cast<uint64_t>(delta);
  bpf_map_update_elem(countersFd_, &key, row.data(), BPF_ANY);
}

void ProbeEngine::resetHits(int id) {
  CounterRow row{};
  const uint32_t key = static_cast<uint32_t>(id);
  if (bpf_map_lookup_elem(countersFd_, &key, row.data()) == 0) addToCount(id, kHits, -static_cast<int64_t>(row[kHits]));
  const int group = probes_.count(id) ? probes_.at(id).hitGroup : -1;
  if (group >= 0) addToGroup(group, -static_cast<int64_t>(groupHits(group)));
}

user_regs_struct SavedStop::registersOver(const user_regs_struct& current) const {
  user_regs_struct out = current;
  std::memcpy(&out, &registers, kSavedRegisters * 8);
  return out;
}

std::optional<SavedStop> ProbeEngine::takeStop(pid_t tid) {
  if (savedFd_ < 0) return std::nullopt;
  std::vector<uint8_t> record(kRecordSize);
  const uint32_t key = static_cast<uint32_t>(tid);
  if (bpf_map_lookup_elem(savedFd_, &key, record.data()) != 0) return std::nullopt;
  bpf_map_delete_elem(savedFd_, &key);
  SavedStop stop;
  std::memcpy(&stop.registers, record.data(), kSavedRegisters * 8);
  uint64_t probe = 0, size = 0;
  std::memcpy(&probe, record.data() + kRecordProbe, 8);
  std::memcpy(&stop.writeAddress, record.data() + kRecordWriteAddress, 8);
  std::memcpy(&size, record.data() + kRecordWriteSize, 8);
  std::memcpy(&stop.approach, record.data() + kRecordApproach, 8);
  stop.probe = static_cast<int>(probe);
  size = std::min<uint64_t>(size, WriteRange::kMaxSize);
  stop.overwritten.assign(record.begin() + kRecordBytes, record.begin() + kRecordBytes + static_cast<long>(size));
  return stop;
}

uint64_t ProbeEngine::address(int id) const { return probes_.at(id).address; }

void ProbeEngine::passOnce(int id, uint64_t sp) {
  if (probes_.at(id).approached || probes_.at(id).onTrampoline) return;
  const uint64_t address = probes_.at(id).address;
  if (bpf_map_update_elem(passOnceFd_, &sp, &address, BPF_ANY) != 0) {
    throw ProbeError("recording a pass through a probe failed: " + errorText(errno));
  }
}

void ProbeEngine::takeBackPass(int id, bool faulted) {
  addToCount(id, kPasses, -1);
  addToCount(id, faulted ? kFaults : kHits, -1);
  addToCount(id, kStops, -1);
  const int group = probes_.count(id) ? probes_.at(id).hitGroup : -1;
  if (!faulted && group >= 0) addToGroup(group, -1);
}

}  // namespace rwd
