// ProbeEngine: uprobes with BPF programs in a debuggee, for breakpoint
// conditions and hit counting. A probe sits at a place of a module file
// (path and file offset) in one process; the kernel counts its passes and,
// when an optional predicate holds, its hits; at a chosen hit it either
// sends a chosen signal (bpf_send_signal_thread) or stops the thread
// exactly before the probed instruction. The uprobe runs before the
// instruction but a signal arrives after it, so for an exact stop the
// program saves the thread's general registers and the bytes that
// instruction will write (ProbedInstruction) under the thread's id, then
// sends kStopSignal; at that signal the tracer takes the saved state
// (takeStop) and puts it back: every register and byte is as it was
// before the instruction. A probe may instead sit on the instructions
// that lead to its place (EmulatedApproach: jumps and nops the kernel
// emulates, where a pass costs one trap instead of two): each judges only
// when it goes on to the place, and the stop shows the thread there.
#pragma once

#include <signal.h>
#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "probe/BpfAssembler.h"
#include "probe/EmulatedApproach.h"
#include "probe/ProbeError.h"
#include "probe/ProbeSite.h"
#include "probe/ProbedInstruction.h"

struct ring_buffer;  // libbpf

namespace rwd {

// Which hits stop (or signal): hit numbers count passes where the
// predicate held, from 1.
struct HitRule {
  enum class Kind { Never, Always, Equal, AtLeast, Greater, Multiple };
  Kind kind = Kind::Always;
  uint64_t operand = 0;
};

// Registers the predicate code may rely on: r6 holds the probe's context
// (the thread's struct pt_regs). It may use r0–r5, r7 and r9 and the stack
// below r10 + kPredicateStackTop; it jumps to `isFalse` when the condition
// does not hold, to `fault` when it could not read what it needs, and
// falls through when it holds.
struct PredicateLabels {
  BpfAssembler::Label isFalse;
  BpfAssembler::Label fault;
};
using PredicateEmitter = std::function<void(BpfAssembler&, const PredicateLabels&)>;

// A logpoint's values: code that writes them into the ring buffer record
// that register `record` points to, from byte ProbeEngine::kLogHeader on
// (the same registers and stack as a predicate); it jumps to `fault` when
// it could not read one (the pass then stops exactly, as a condition's
// fault does, and the debugger formats the message).
using LogEmitter = std::function<void(BpfAssembler&, int record, BpfAssembler::Label fault)>;

struct ProbeRequest {
  pid_t pid = 0;
  ProbeSite site;
  PredicateEmitter predicate;  // empty: every pass is a hit
  HitRule rule;
  int signal = 0;  // 0: stop exactly; else send this signal at the hit (it arrives after the instruction)
  // When not empty, the uprobes sit on these instructions instead of on
  // `site` (EmulatedApproach: each changes nothing but rip and the kernel
  // emulates it): each judges a pass only when it goes on to `site`, and an
  // exact stop shows the thread at `site`, before its instruction.
  std::vector<ProbeApproach> approaches;
  // When set, the uprobe sits on this nop5 of a trampoline instead
  // (TrampolinePlan: the kernel optimizes it into a call): there every
  // register is as at `site` but rsp, which is `trampolineStackShift`
  // lower; an exact stop shows the thread at `site` with rsp as there.
  std::optional<ProbeSite> trampolineNop;
  int64_t trampolineStackShift = 0;
  // When set, a hit never stops (nor signals): it writes a record of
  // kLogHeader + logSize bytes (the probe's id, then the values) to the
  // ring buffer (readLogs), or counts it lost when the buffer is full.
  LogEmitter log;
  uint32_t logSize = 0;
  // When >= 0 (below kMaxProbes), the hits that the hit rule numbers are
  // counted in this group, which the probes of one breakpoint at several
  // addresses share: `== 10` is its tenth hit wherever it happens.
  int hitGroup = -1;
};

// What an exact stop put aside: the thread's general registers before the
// probed instruction and the bytes it overwrote.
struct SavedStop {
  int probe = -1;
  user_regs_struct registers{};  // the general ones (r15 … ss); the others are not saved
  uint64_t writeAddress = 0;
  std::vector<uint8_t> overwritten;
  uint64_t approach = 0;  // the instruction the thread ran on its way to the site (0: probed at the site)

  // The thread's registers to set: the saved general ones over `current`
  // (which keeps the segment bases).
  user_regs_struct registersOver(const user_regs_struct& current) const;
};

struct ProbeCounts {
  uint64_t passes = 0;  // times the thread ran through the site
  uint64_t hits = 0;    // passes where the predicate held
  uint64_t faults = 0;  // passes where the predicate could not be judged (they stop)
  uint64_t stops = 0;   // stops or signals sent
};

class ProbeEngine {
 public:
  static constexpr int kPredicateStackTop = -16;
  static constexpr int kContextRegister = 6;
  static constexpr int kMaxProbes = 1024;
  // The signal of an exact stop; a thread that gets it with no saved stop
  // got it from elsewhere.
  static constexpr int kStopSignal = SIGSTKFLT;
  // A log record: the probe's id (8 bytes), then what its LogEmitter wrote.
  static constexpr int16_t kLogHeader = 8;
  static constexpr uint32_t kDefaultLogRingBytes = 4u << 20;
  // Of the record the log emitter fills; r9 is the predicate's to use only before.
  static constexpr int kLogRecordRegister = 9;

  ProbeEngine() = default;
  ~ProbeEngine();
  ProbeEngine(const ProbeEngine&) = delete;
  ProbeEngine& operator=(const ProbeEngine&) = delete;

  // Loads the program and attaches it; the probe's id. Throws ProbeError
  // with one sentence when the machine or the program does not allow it
  // (the verifier's complaint included).
  int place(const ProbeRequest& request);
  void remove(int id);
  void removeAll();
  // `hits`: the probe's hit group's when it has one.
  ProbeCounts counts(int id) const;
  // Forgets the hits (not the passes): the breakpoint's hit condition starts over.
  void resetHits(int id);
  bool has(int id) const { return probes_.count(id) != 0; }

  // The state saved for thread `tid` (in the tracer's pid namespace) by an
  // exact stop, taken out of the kernel; nullopt when there is none.
  std::optional<SavedStop> takeStop(pid_t tid);
  uint64_t address(int id) const;
  // The thread with stack pointer `sp`, stopped by probe `id`, will resume
  // through the probed instruction once without being judged again (a
  // probe on approaches: nothing to do, the thread is already past them).
  void passOnce(int id, uint64_t sp);
  bool approached(int id) const { return probes_.at(id).approached; }
  bool onTrampoline(int id) const { return probes_.at(id).onTrampoline; }
  // A pass that stopped but will run again (the thread was sent back to
  // the site): its pass, its stop and its hit (or fault) are taken back.
  void takeBackPass(int id, bool faulted);

  // The ring buffer of logpoint records: a file descriptor to poll (-1
  // before the first logpoint), and the records written since the last
  // read, in the order the program wrote them, each to `record`.
  int logFd() const;
  void readLogs(const std::function<void(int probe, const uint8_t* values, size_t size)>& record);
  // Records of probe `id` that did not fit in the ring buffer, so far.
  uint64_t lostLogs(int id) const;

 private:
  struct Probe {
    std::vector<int> programFds;
    std::vector<int> eventFds;  // one uprobe per site (the site, or each approach)
    uint64_t address = 0;
    bool approached = false;
    bool onTrampoline = false;  // a thread resumed at the site goes past the probe: no pass-once needed
    int hitGroup = -1;
  };
  uint64_t groupHits(int group) const;
  void addToGroup(int group, int64_t delta);
  void createMaps();
  std::vector<bpf_insn> build(int id, const ProbeRequest& request, const WriteRange& writes,
                              const ProbeApproach* approach) const;
  // On a trampoline: the context register comes to point at a copy of the
  // program's registers with rsp and rip as at the site.
  void emitRegistersAtSite(BpfAssembler& code, const ProbeRequest& request, BpfAssembler::Label out) const;
  // A predecessor's probe goes on only when its instruction leads to the site.
  static void emitBranchTest(BpfAssembler& code, const BranchTest& test, BpfAssembler::Label notThere);
  // The exact stop: save the registers and the bytes about to be written, then signal.
  void emitSaveAndSignal(BpfAssembler& code, int id, const WriteRange& writes, uint64_t site,
                         const ProbeApproach* approach) const;
  // Loads `program` and attaches it at `site` in `pid`, into `probe`.
  void attach(Probe& probe, const std::vector<bpf_insn>& program, pid_t pid, const ProbeSite& site);
  void addToCount(int id, int field, int64_t delta);
  void createLogRing();
  // The hit's record into the ring buffer, or counted lost.
  void emitLog(BpfAssembler& code, int id, const ProbeRequest& request, BpfAssembler::Label out,
               BpfAssembler::Label fault) const;

  int countersFd_ = -1;   // array: per probe {passes, hits, faults, stops}
  int hitGroupsFd_ = -1;  // array: per hit group, the hits of its probes together
  int passOnceFd_ = -1;   // hash: stack pointer → probe address
  int savedFd_ = -1;      // hash: thread id → saved stop record
  int scratchFd_ = -1;    // per-CPU array of one record, where the program builds it
  int logRingFd_ = -1;    // ring buffer: logpoint records
  int lostLogsFd_ = -1;   // array: per probe, records that found the ring buffer full
  struct ring_buffer* logRing_ = nullptr;
  const std::function<void(int, const uint8_t*, size_t)>* logReader_ = nullptr;  // during readLogs
  uint64_t namespaceDevice_ = 0;  // the tracer's pid namespace, for the thread ids
  uint64_t namespaceInode_ = 0;
  std::map<int, Probe> probes_;
};

}  // namespace rwd
