// NativeEvent: one entry of a native recording's event log — everything
// that came into the program from outside during a stretch of native
// execution: a system call (its number, arguments, result and the bytes it
// wrote), an emulated rdtsc/rdtscp/cpuid (the values handed back), a
// signal delivered at a system-call exit (its siginfo), a synchronous fault
// signal, or the program's exit. Replay walks the same list and checks each
// entry against what the re-executed program does.
#pragma once

#include <signal.h>
#include <sys/user.h>

#include <cstdint>
#include <vector>

namespace rwd {

struct MemoryPatch {
  uint64_t address = 0;
  std::vector<uint8_t> bytes;
};

struct NativeEvent {
  enum class Kind {
    Syscall,  // a traced system call (skipped in replay, or re-run: see `executed`)
    Rdtsc,    // rdtsc or rdtscp, emulated
    Cpuid,    // cpuid, emulated
    Signal,   // an asynchronous signal delivered at the exit of the previous system call
    Fault,    // a synchronous signal (SIGSEGV, SIGFPE...) raised by an instruction
    Exit,     // exit/exit_group: the program's final state
    // Threads (ThreadScheduler: one thread runs at a time; `thread` says which).
    Blocked,     // the thread entered a call that may block (checked like a Syscall); its Syscall event, with the
                 // result, comes later, when the thread runs again
    Preempt,     // the thread was interrupted at `rip` after its time slice (registers and memory digest below)
    ThreadExit,  // the thread ended (exit with other threads alive): re-run in replay
  };
  Kind kind = Kind::Syscall;
  uint64_t rip = 0;  // Syscall: address after the `syscall` instruction; traps: the instruction
  // The thread the event belongs to: 0 is the program's first thread, then
  // in the order the recording created them (their ids differ in replay).
  uint32_t thread = 0;

  // Syscall.
  uint64_t number = 0;
  uint64_t args[6] = {};
  int64_t result = 0;
  uint64_t origRaxAtExit = 0;       // for the kernel's restart logic when a signal follows
  bool executed = false;            // re-run in replay (signal mask, sigreturn...) rather than skipped
  bool buffered = false;            // made through the in-process buffer, logged at the next stop (SyscallBufferDrain)
  int mappedFile = -1;              // index into NativeRecording::mappedFiles for a file mmap
  uint64_t inputDigest = 0;         // digest of the bytes a write-like call hands out (0: none)
  std::vector<MemoryPatch> memory;  // what the call wrote into the program
  int newThread = -1;               // a clone that made a thread: the new thread's index (run again in replay)

  // Rdtsc/Cpuid: the values handed back (rax, rbx, rcx, rdx; rbx unused for rdtsc).
  uint64_t values[4] = {};
  uint64_t length = 0;  // instruction length

  // Signal/Fault.
  int signal = 0;
  siginfo_t info{};

  // Exit: registers and writable-memory digest at the exit call; Preempt:
  // the same where the thread was interrupted (replay stops at the first
  // pass of `rip` with both equal: the same state has the same future).
  user_regs_struct finalRegisters{};
  uint64_t memoryDigest = 0;
};

}  // namespace rwd
