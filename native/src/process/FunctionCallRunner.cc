// FunctionCallRunner: one call of the program's function in a stopped thread.
#include "process/FunctionCallRunner.h"

#include <elf.h>
#include <signal.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <thread>
#include <vector>

#include "control/SignalText.h"
#include "symbols/ValueFormatter.h"

namespace rwd {

namespace {

constexpr uint64_t kRedZone = 128;
constexpr uint64_t kDirectionFlag = 1ull << 10;
constexpr uint64_t kTrapFlag = 1ull << 8;
constexpr size_t kXstateCapacity = 64 * 1024;

// The thread's whole XSAVE image (or, where the kernel gives none, the FXSAVE one).
struct VectorState {
  std::vector<uint8_t> bytes;
  bool xstate = false;

  static VectorState read(pid_t tid) {
    VectorState out;
    out.bytes.resize(kXstateCapacity);
    iovec io{out.bytes.data(), out.bytes.size()};
    if (::ptrace(PTRACE_GETREGSET, tid, reinterpret_cast<void*>(NT_X86_XSTATE), &io) == 0) {
      out.bytes.resize(io.iov_len);
      out.xstate = true;
      return out;
    }
    out.bytes.resize(sizeof(user_fpregs_struct));
    if (::ptrace(PTRACE_GETFPREGS, tid, nullptr, out.bytes.data()) != 0) out.bytes.clear();
    return out;
  }
  void write(pid_t tid) {
    if (bytes.empty()) return;
    if (xstate) {
      iovec io{bytes.data(), bytes.size()};
      ::ptrace(PTRACE_SETREGSET, tid, reinterpret_cast<void*>(NT_X86_XSTATE), &io);
    } else {
      ::ptrace(PTRACE_SETFPREGS, tid, nullptr, bytes.data());
    }
  }
};

// Signals the call itself caused (they die with it); others are the program's.
bool isFault(const siginfo_t& info) {
  const int signal = info.si_signo;
  const bool faultSignal = signal == SIGSEGV || signal == SIGBUS || signal == SIGFPE || signal == SIGILL ||
                           signal == SIGTRAP || signal == SIGABRT;
  return faultSignal && (info.si_code > 0 || signal == SIGABRT);
}

}  // namespace

uint64_t FunctionCallRunner::entryPoint() const {
  std::ifstream auxv("/proc/" + std::to_string(process_.processId()) + "/auxv", std::ios::binary);
  uint64_t pair[2];
  while (auxv.read(reinterpret_cast<char*>(pair), sizeof(pair))) {
    if (pair[0] == AT_ENTRY) return pair[1];
    if (pair[0] == AT_NULL) break;
  }
  return 0;
}

std::string FunctionCallRunner::place(uint64_t pc) const {
  std::string out = ValueFormatter::hex(pc);
  if (describe_) {
    const std::string where = describe_(pc);
    if (!where.empty()) out += " (" + where + ")";
  }
  return out;
}

MachineCallResult FunctionCallRunner::run(Task& task, const MachineCall& call, std::chrono::milliseconds limit) {
  const pid_t tid = task.tid();
  const user_regs_struct saved = task.registers();
  VectorState savedVectors = VectorState::read(tid);
  if (savedVectors.bytes.empty()) throw CallAbandoned("the thread's floating-point registers cannot be read");
  const uint64_t returnAddress = entryPoint();
  AddressSpace& memory = process_.memory();
  if (!returnAddress || !memory.addBreakpoint(returnAddress)) {
    throw CallAbandoned("no place for the call to return to (the program's entry point cannot hold a breakpoint)");
  }
  bool ended = false;  // the program is gone: nothing to restore
  struct Restore {
    Task& task;
    const user_regs_struct& registers;
    VectorState& vectors;
    AddressSpace& memory;
    uint64_t returnAddress;
    bool& ended;
    ~Restore() {
      if (ended) return;
      memory.removeBreakpoint(returnAddress);
      vectors.write(task.tid());
      try {
        task.setRegisters(registers);
      } catch (const std::exception&) {
        // the thread is gone; the Process learns it from its status
      }
    }
  } restore{task, saved, savedVectors, memory, returnAddress, ended};

  // The frame of the call, below the red zone: the blocks (string
  // literals), then the stack arguments in order, 16-byte aligned at the
  // call, and the return address where the callee expects it.
  const auto writeStack = [&memory](uint64_t at, const void* bytes, size_t size) {
    if (size > 0 && !memory.write(at, bytes, size)) {
      throw CallAbandoned("the thread's stack at " + ValueFormatter::hex(at) + " cannot be written");
    }
  };
  uint64_t top = saved.rsp - kRedZone;
  std::vector<uint64_t> blockAddresses;
  for (const auto& block : call.blocks) {
    top = (top - block.size()) & ~uint64_t{15};
    writeStack(top, block.data(), block.size());
    blockAddresses.push_back(top);
  }
  static constexpr unsigned long long user_regs_struct::*kIntegerRegisters[] = {
      &user_regs_struct::rdi, &user_regs_struct::rsi, &user_regs_struct::rdx,
      &user_regs_struct::rcx, &user_regs_struct::r8,  &user_regs_struct::r9};
  user_regs_struct regs = saved;
  user_fpregs_struct vectors{};
  if (::ptrace(PTRACE_GETFPREGS, tid, nullptr, &vectors) != 0) throw CallAbandoned("the xmm registers cannot be read");
  size_t integers = 0;
  size_t floats = 0;
  std::vector<uint64_t> stack;
  for (const MachineCall::Word& word : call.arguments) {
    const uint64_t bits = word.block >= 0 ? blockAddresses.at(static_cast<size_t>(word.block)) + word.bits : word.bits;
    if (word.kind == MachineCall::Register::Integer && integers < MachineCall::kIntegerRegisters) {
      regs.*kIntegerRegisters[integers++] = bits;
    } else if (word.kind == MachineCall::Register::Vector && floats < MachineCall::kVectorRegisters) {
      std::memset(&vectors.xmm_space[floats * 4], 0, 16);
      std::memcpy(&vectors.xmm_space[floats * 4], &bits, 8);
      ++floats;
    } else {
      stack.push_back(bits);
    }
  }
  uint64_t sp = (top - 8 * stack.size()) & ~uint64_t{15};
  writeStack(sp, stack.data(), 8 * stack.size());
  sp -= 8;
  writeStack(sp, &returnAddress, sizeof(returnAddress));
  regs.rax = floats;  // how many vector registers a variadic callee reads
  regs.rsp = sp;
  regs.rip = call.entry;
  regs.orig_rax = ~0ull;  // no system call to restart on the way into the call
  regs.eflags &= ~(kDirectionFlag | kTrapFlag);
  task.setRegisters(regs);
  if (::ptrace(PTRACE_SETFPREGS, tid, nullptr, &vectors) != 0)
    throw CallAbandoned("the xmm registers cannot be written");

  if (::ptrace(PTRACE_CONT, tid, nullptr, nullptr) != 0) throw CallAbandoned("the thread could not be resumed");
  const auto deadline = std::chrono::steady_clock::now() + limit;
  bool interrupted = false;
  auto pause = std::chrono::microseconds(20);
  for (;;) {
    int status = 0;
    const pid_t got = ::waitpid(tid, &status, __WALL | WNOHANG);
    if (got < 0 && errno == EINTR) continue;
    if (got < 0) {
      ended = true;
      throw CallAbandoned("the thread disappeared during the call");
    }
    if (got == 0) {
      if (!interrupted && std::chrono::steady_clock::now() >= deadline) {
        ::syscall(SYS_tgkill, process_.processId(), tid, SIGSTOP);
        interrupted = true;
      }
      std::this_thread::sleep_for(pause);
      pause = std::min(pause * 2, std::chrono::microseconds(2000));
      continue;
    }
    if (WIFEXITED(status) || WIFSIGNALED(status)) {
      ended = true;
      process_.deferStatus(tid, status);
      throw CallAbandoned(WIFEXITED(status)
                              ? "the program exited (code " + std::to_string(WEXITSTATUS(status)) + ") during the call"
                              : "the program was killed by " + signals::name(WTERMSIG(status)) + " during the call");
    }
    if (!WIFSTOPPED(status)) continue;
    const int event = status >> 16;
    if (event == PTRACE_EVENT_EXEC) {
      ended = true;
      process_.deferStatus(tid, status);
      throw CallAbandoned("the program started another program (execve) during the call; its state cannot be restored");
    }
    if (event != 0) {  // a clone, fork or vfork of the call: let it go on
      ::ptrace(PTRACE_CONT, tid, nullptr, nullptr);
      continue;
    }
    const int signal = WSTOPSIG(status);
    user_regs_struct now{};
    ::ptrace(PTRACE_GETREGS, tid, nullptr, &now);
    if (signal == SIGTRAP && now.rip == returnAddress + 1 && now.rsp == sp + 8) {
      MachineCallResult result;
      result.rax = now.rax;
      result.rdx = now.rdx;
      user_fpregs_struct after{};
      if (::ptrace(PTRACE_GETFPREGS, tid, nullptr, &after) == 0) {
        std::memcpy(result.xmm0.data(), &after.xmm_space[0], 16);
        std::memcpy(result.xmm1.data(), &after.xmm_space[4], 16);
      }
      return result;
    }
    if (interrupted && signal == SIGSTOP) {
      throw CallAbandoned("it did not return within " + std::to_string(limit.count() / 1000) +
                          " s and was interrupted at " + place(now.rip) + "; the program's state was restored");
    }
    if (interrupted) task.expectingStop = true;  // our SIGSTOP is still on its way
    siginfo_t info{};
    ::ptrace(PTRACE_GETSIGINFO, tid, nullptr, &info);
    if (signal == SIGTRAP && memory.hasBreakpoint(now.rip - 1)) {
      throw CallAbandoned("it reached a breakpoint at " + place(now.rip - 1) +
                          " and was abandoned there; the program's state was restored");
    }
    if (signal == SIGTRAP && info.si_code == TRAP_HWBKPT) {
      throw CallAbandoned("it reached a hardware breakpoint or watchpoint at " + place(now.rip) +
                          " and was abandoned there; the program's state was restored");
    }
    if (!isFault(info) && task.pendingSignal == 0) task.pendingSignal = signal;  // the program's own: kept
    throw CallAbandoned("the function received " + signals::name(signal) + " at " + place(now.rip) +
                        "; the program's state was restored");
  }
}

}  // namespace rwd
