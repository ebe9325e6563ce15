// Recorder: the exact recording engine behind reverse execution. While
// recording, the run controller single-steps the program and brackets each
// step of a thread with beforeStep()/afterStep(); the recorder logs, per
// step, the registers that changed (RegisterDelta, XOR) and the bytes the
// step is about to overwrite — by the instruction (WriteSetAnalyzer, rep
// strings one iteration at a time), by the kernel for a system call
// (SyscallEffects, trimmed to what the result says was written) or for a
// signal frame (SignalStackTracker) — into the History. System calls that
// change the memory map keep a MapChangeRecord so the TimeTraveler can put
// the map back. Anything it cannot account for cuts the history there
// (HistoryCut) with a sentence for the user; it never guesses.
#pragma once

#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "record/CpuPinning.h"
#include "record/History.h"
#include "record/HistoryCut.h"
#include "record/RemoteMemory.h"
#include "record/SignalStackTracker.h"
#include "record/StepCapture.h"
#include "record/SyscallCall.h"
#include "record/SyscallEffect.h"
#include "record/ThreadLives.h"
#include "record/WriteSet.h"
#include "record/WriteSetAnalyzer.h"
#include "record/XsaveLayout.h"

namespace rwd {

class Process;
class Task;

struct StepPlan {
  // The step runs a system call (it may block): do not wait for it; step
  // other threads meanwhile and call afterStep() when it stops.
  bool mayBlock = false;
  // The history was cut before this step; tell the user `reason`.
  std::optional<HistoryCut> cut;
};

struct RecorderStats {
  uint64_t steps = 0;  // entries appended (instructions and signal deliveries)
  uint64_t systemCalls = 0;
  uint64_t signalFrames = 0;
  uint64_t mapChanges = 0;
  uint64_t adjustments = 0;
  uint64_t emptySteps = 0;  // stops where nothing ran (a signal came first)
  uint64_t cuts = 0;
  uint64_t savedBytes = 0;  // pre-image bytes appended
};

class Recorder {
 public:
  Recorder(Process& process, uint64_t recordLimit);
  ~Recorder();

  StepPlan beforeStep(Task& task);
  void afterStep(Task& task);
  void threadExited(pid_t tid);
  // Forgets the history with a reason (execve, the user's request...).
  HistoryCut cut(const std::string& reason);
  void recordExternalWrite(uint64_t address, uint64_t length);
  // Logs, as adjustments, register changes made to stopped threads since
  // their last step (the time traveler calls it before leaving the live end).
  void syncRegisters();

  // Whether a thread is between beforeStep() and afterStep().
  bool inFlight(pid_t tid) const;
  bool anyInFlight() const;
  // The registers of `tid` after its last step (kept after it exited).
  const user_regs_struct* lastRegisters(pid_t tid) const;
  std::vector<pid_t> knownThreads() const;
  // When each thread exists in the history (serials), and its name.
  const ThreadLives& lives() const { return lives_; }

  History& history() { return history_; }
  const History& history() const { return history_; }
  Process& process() { return process_; }
  const RemoteMemory& memory() const { return memory_; }
  const std::optional<HistoryCut>& lastCut() const { return lastCut_; }
  const RecorderStats& stats() const { return stats_; }

 private:
  struct ThreadState {
    user_regs_struct last{};
    bool known = false;
    bool exited = false;
    uint64_t clearChildTid = 0;  // the kernel zeroes it when the thread exits
    StepCapture capture;
  };

  const DigestedInstruction& instructionAt(uint64_t address);
  bool analyzeInstruction(Task& task, const user_regs_struct& regs, StepCapture& capture, std::string& problem);
  bool prepareSyscall(const SyscallCall& call, uint64_t syscallAddress, bool restarted, StepCapture& capture,
                      std::string& problem);
  bool saveBytes(StepCapture& capture, std::string& problem);
  void finishStep(pid_t tid, ThreadState& thread, const user_regs_struct& after);
  void finishSyscall(pid_t tid, const user_regs_struct& after, StepCapture& capture);
  std::unique_ptr<MapChangeRecord> finishMapChange(pid_t tid, const SyscallEffect& done, int64_t result,
                                                   StepCapture& capture);
  void fillGrownPages(StepCapture& capture);
  void forgetCodeIn(uint64_t address, uint64_t length);
  bool signalCaught(int signal) const;
  bool createsThread(const SyscallCall& call) const;
  // Logs the kernel's clearing of an exited thread's tid word; false when it did not.
  bool logClearedTid(pid_t tid, const ThreadState& thread);
  HistoryCut cutHere(const std::string& where, const std::string& why);

  Process& process_;
  CpuPinning pinning_;
  RemoteMemory memory_;
  XsaveLayout xsave_;
  WriteSetAnalyzer analyzer_;
  SignalStackTracker signals_;
  History history_;
  std::unordered_map<pid_t, ThreadState> threads_;
  // Code addresses whose bytes are known unchanged since they were decoded,
  // and the pages they lie on (a write there forgets them).
  std::unordered_map<uint64_t, const DigestedInstruction*> trustedCode_;
  std::unordered_set<uint64_t> codePages_;
  WriteSet writes_;
  std::unique_ptr<MapChangeRecord> pendingMapChange_;
  std::optional<HistoryCut> lastCut_;
  RecorderStats stats_;
  ThreadLives lives_;
};

}  // namespace rwd
