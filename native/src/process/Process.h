// Process: the traced program — its tasks, its address space, and the
// translation of wait statuses into StopEvents. It implements all-stop: a
// stop of one thread brings every other thread to a stop before it is
// reported. Policy (what a stop means to the user) is the RunController's.
// Its members live in Process.cc (run, step, stop) and ProcessEvents.cc
// (what one wait status means).
#pragma once

#include <sys/types.h>

#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <vector>

#include "process/AddressSpace.h"
#include "process/RelocatedCode.h"
#include "process/StepObserver.h"
#include "process/StopEvent.h"
#include "process/Task.h"
#include "core/TargetAccess.h"

namespace rwd {

// An exact probe stop: the site, the thread's registers before the probed
// instruction, and the bytes that instruction overwrote.
class DisplacedCode;

struct ProbeStopState {
  uint64_t site = 0;
  user_regs_struct registers{};
  uint64_t writeAddress = 0;
  std::vector<uint8_t> overwritten;
};

class Process : public TargetAccess {
 public:
  // Takes over a child stopped after execve by PTRACE_TRACEME. With
  // `nativeRecording` (the program runs under the native engine's seccomp
  // filter) its system calls stop at seccomp stops, handed to nativeStop.
  static std::unique_ptr<Process> adoptLaunched(pid_t pid, bool nativeRecording = false);
  // Takes over threads stopped by ProcessAttacher. No EXITKILL: if the
  // debugger dies, an attached program lives on.
  static std::unique_ptr<Process> adoptAttached(pid_t pid, const std::vector<pid_t>& threads);
  bool wasAttached() const { return attached_; }
  ~Process() override;

  pid_t processId() const override { return pid_; }
  std::vector<pid_t> threadIds() const override;
  size_t readMemory(uint64_t address, void* out, size_t length) override;
  bool writeMemory(uint64_t address, const void* in, size_t length) override;
  bool readRegisters(pid_t tid, user_regs_struct& regs) override;
  bool readFpuRegisters(pid_t tid, user_fpregs_struct& fpu) override;
  std::vector<uint8_t> readXstate(pid_t tid) override;
  // A native recording's past: memory and the main thread's registers are
  // read from `replay` (a replay process standing in the past, single
  // threaded) until showPastIn(0); the program itself stays as it was.
  void showPastIn(pid_t replay);
  pid_t pastShownIn() const { return pastView_; }

  AddressSpace& memory() { return *memory_; }
  // Trampolines the debugger put into the program (kernel probes): threads
  // inside them show the original code's place.
  RelocatedCode& relocatedCode() { return relocated_; }
  Task* task(pid_t tid);
  Task& mainTask() { return *tasks_.at(pid_); }
  bool isAlive() const { return alive_; }
  bool allStopped() const;

  // Resumes every stopped thread (each steps over a breakpoint under its pc
  // first, with the others held).
  void resumeAll();
  // Resumes one thread (over a breakpoint under its pc); the others stay
  // stopped. For `singleThread` requests.
  void resumeThread(Task& task);
  // resumeThread, then waits for the thread's next stop at once (kept for
  // the next collect), as singleStep's `waitNow` does: only for a run that
  // cannot block — straight code up to a breakpoint, with no system call,
  // branch or signal to deliver on the way.
  void resumeThreadAndWait(Task& task);
  // Steps one thread by one instruction, the others stay stopped. With
  // `waitNow` (for an instruction that cannot block: not a system call) it
  // waits for the step's trap at once and keeps it for the next collect,
  // sparing a trip through the event loop.
  void singleStep(Task& task, bool waitNow = false);
  // Stops every running thread (SIGSTOP) and waits until they are stopped.
  void stopAll();
  // Asks for a pause: the threads stop and an Interrupted event comes.
  void interrupt();

  // Called for a new thread while it is still stopped (debug registers go
  // in before it runs), and when a thread is gone.
  std::function<void(pid_t)> onThreadCreated;
  std::function<void(pid_t)> onThreadGone;
  // Called before the debugger's user writes the program's memory
  // (writeMemory); may throw to refuse the write (the recording does, in
  // the recorded past) and keeps what the write will overwrite otherwise.
  std::function<void(uint64_t address, size_t length)> beforeUserWrite;
  // Registers of a thread the kernel no longer has, where one is shown
  // again (a position in the recorded past within its life); readRegisters
  // asks it for a tid with no task. False: no such thread there.
  std::function<bool(pid_t tid, user_regs_struct& regs)> registersOfPastThread;
  // After fork or vfork: stay with this process (default) or follow the
  // child, which then is the process (FollowedFork event); the parent runs
  // on untraced.
  void setFollowForkChild(bool child) { followChild_ = child; }
  // True while debug registers are armed: a trap may then be theirs.
  bool hardwareTrapsPossible = false;
  // Where the debug registers hold execution breakpoints (DebugRegisterSlots
  // keeps it). Such a breakpoint traps before its instruction runs, so a
  // thread resumed from that address would trap again at once: it passes
  // over it once (as over a suspended int3) wherever an int3 would be
  // stepped over; a recorded step that reaches one reports it by address.
  std::set<uint64_t> executionBreakpoints;
  // While data watches of the debug registers are armed (else empty):
  // whether one fired at the thread's stop. A watched access by a
  // single-stepped instruction comes as that step's trap (TRAP_TRACE), so a
  // recorded step asks, and so does the step over a breakpoint's address.
  std::function<bool(pid_t tid)> dataWatchFired;
  // Kernel probes (uprobe + BPF) stop a thread with a signal that comes
  // after the probed instruction ran, having saved what it changes: for a
  // signal stop of `tid` (registers `current`), the state to put back —
  // reported as a breakpoint at the probe site; nullopt for other signals.
  std::function<std::optional<ProbeStopState>(pid_t tid, int signal, const user_regs_struct& current)> probeStop;
  // Native recording: offered every stop that may be the recorder's (a
  // seccomp or system-call-exit stop, SIGSEGV, SIGILL). Anything but
  // NotMine is consumed here: the thread goes on as it was going, runs its
  // system call to the exit, or (an emulated instruction) ends its step.
  enum class NativeStopAction { NotMine, ResumeAsBefore, ResumeToSyscallExit, Emulated };
  std::function<NativeStopAction(pid_t tid, int status)> nativeStop;
  // Native recording: a forked child, stopped at its first stop with its
  // breakpoint bytes cleared, is handed over here instead of being let go
  // (it carries the engine's seccomp filter: see FilteredChildren); and
  // wait statuses of processes this class does not know are offered here
  // first (true: handled).
  std::function<void(pid_t child)> keepForkedChild;
  std::function<bool(pid_t pid, int status)> otherProcessStatus;
  // The first step observer came: from now on threads run as observed
  // single steps (recording, software watchpoints).
  std::function<void()> onStepsObserved;
  // A thread is about to run on (resume or step) at `pc` with stack
  // pointer `sp`; `rehit` when it was sent back to hit a breakpoint there again.
  // It may answer where the thread should resume instead (a probe stop
  // that came after a kernel-emulated jump, sent back to be judged again).
  std::function<std::optional<uint64_t>(uint64_t pc, uint64_t sp, bool rehit)> beforeRunAt;
  // followFork "child": the parent, still stopped, is about to be let go;
  // memory() already reads and writes the child. What only the parent has
  // (kernel probes) must go now.
  std::function<void(pid_t child)> beforeLeavingParent;

  // Step observers: with at least one, "running" is done as observed
  // single steps (runRecordedSteps), never PTRACE_CONT, and each observer
  // sees every step. The recorder's observer has its own slot
  // (setStepObserver; nullptr takes it out); others, such as software
  // watchpoints, are added beside it, so recording and watching compose.
  void setStepObserver(StepObserver* observer);
  StepObserver* stepObserver() const { return recordingObserver_; }
  void addStepObserver(StepObserver* observer);
  void removeStepObserver(StepObserver* observer);
  bool observingSteps() const { return !observers_.empty(); }
  size_t stepObserverCount() const { return observers_.size(); }
  // Whether threads are running as recorded steps and one can be stepped.
  bool hasRecordedRun() const;
  // Steps the running threads, round robin, up to `maxSteps` instructions
  // or until something happens (a breakpoint address reached, a signal,
  // an exit…), which is appended to `out` as if the program had run.
  void runRecordedSteps(std::vector<StopEvent>& out, int maxSteps);

  // Collects what happened (non-blocking); events are appended to `out`.
  void collectEvents(std::vector<StopEvent>& out);
  bool hasDeferredEvents() const { return !deferred_.empty(); }
  // A wait status someone else reaped (a thread that ended during a call of
  // one of its functions): handled on the next collect as if seen there.
  void deferStatus(pid_t tid, int status) { deferred_.emplace_back(tid, status); }
  // resumeAll() found events to handle first and resumed nobody; once they
  // are handled (and stopped no one), the caller resumes again.
  bool owesResume() const { return resumeOwed_ && deferred_.empty(); }

  void kill();
  // Removes breakpoint bytes and lets the program run on untraced.
  void detach();

 private:
  // Tells beforeRunAt where the thread goes on from.
  void announceRun(Task& task);
  explicit Process(pid_t pid);
  // One wait status to StopEvents; each kind of status has its handler.
  void handleStatus(pid_t tid, int status, std::vector<StopEvent>& out);
  // A process or thread with no task: another process's status (native
  // recording), or a new thread's first stop.
  void handleStrangerStatus(pid_t tid, int status, std::vector<StopEvent>& out);
  // The thread or the whole process exited or was killed.
  void handleTaskEnd(pid_t tid, int status, std::vector<StopEvent>& out);
  // Bookkeeping of every stop of a known thread (displaced code, a step over
  // a breakpoint).
  void settleStop(Task& current);
  // Ends the thread's observed step (after the native recorder's own stops,
  // which are part of it); true when an observer asked for this stop.
  bool closeObservedStep(Task& current);
  // A stop the native recorder may own; true when it consumed it.
  bool handleNativeStop(Task& current, int status, std::vector<StopEvent>& out);
  // One observed step of a recorded "run".
  void handleRecordedStep(Task& current, bool observerStops, std::vector<StopEvent>& out);
  // A ptrace event stop: clone, fork, vfork, vfork done, exec.
  void handlePtraceEvent(Task& current, int event, std::vector<StopEvent>& out);
  void handleExec(pid_t tid, std::vector<StopEvent>& out);
  // A signal stop: our SIGSTOP, a kernel probe's signal, a breakpoint, a
  // step, a hardware trap, or a signal for the program.
  void handleSignalStop(Task& current, int signal, std::vector<StopEvent>& out);
  void onNewThread(pid_t tid, std::vector<StopEvent>& out);
  void detachForkedChild(pid_t child, bool sharesMemory);
  // followFork "child": the session becomes the child's; the parent is let go.
  // False when the child is gone already (the parent goes on as before).
  bool followForkedChild(pid_t child, bool sharesMemory, std::vector<StopEvent>& out);
  void stepOverBreakpoint(Task& task);
  // Passes the breakpoint under the thread's pc by running a copy of its
  // instruction out of line (DisplacedCode): the thread's pc is set to the
  // copy and nothing waits; false when it must be stepped over instead.
  bool passBreakpointOutOfLine(Task& task);
  // A thread stopped inside an out-of-line copy gets the program's own pc.
  void leaveDisplacedCode(Task& task);
  // Lets the thread run the instruction at an execution breakpoint of the
  // debug registers without trapping (no-op elsewhere).
  void passExecutionBreakpoint(Task& task);
  int waitFor(pid_t tid);

  pid_t pid_;
  pid_t pastView_ = 0;  // showPastIn
  bool alive_ = true;
  bool attached_ = false;
  std::map<pid_t, std::unique_ptr<Task>> tasks_;
  std::unique_ptr<AddressSpace> memory_;
  RelocatedCode relocated_;
  std::unique_ptr<Task> newTask(pid_t tid);
  std::unique_ptr<DisplacedCode> displaced_;
  // Statuses seen while stopping threads, handled on the next collect.
  std::deque<std::pair<pid_t, int>> deferred_;
  // Threads reported by clone whose first stop has not been seen yet, and
  // first stops that came before the clone event.
  std::vector<pid_t> announcedThreads_;
  std::vector<pid_t> earlyThreads_;
  // True between resumeAll() and the next stop: new threads run too.
  bool runningFreely_ = false;
  bool resumeOwed_ = false;
  bool followChild_ = false;
  void endObservedRunAtNews(const std::vector<StopEvent>& events, size_t first);
  StepObserver* recordingObserver_ = nullptr;
  std::vector<StepObserver*> observers_;  // the recorder's first
  // Threads whose last observed step an observer wants reported as a stop.
  std::set<pid_t> stopsAskedByObservers_;
  void finishObservedStep(Task& task);
};

}  // namespace rwd
