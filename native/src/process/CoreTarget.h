// CoreTarget: a core dump as a debuggee that does not run — the threads
// and their registers (NT_PRSTATUS, NT_FPREGSET, NT_X86_XSTATE notes), the
// signal that ended the process (NT_SIGINFO), the program's name
// (NT_PRPSINFO) and its memory: what the dump holds (PT_LOAD segments), and what it left out
// because it is in a file (the code of the program and its libraries) read
// from the modules' ELF files through libdwfl. Nothing can be written.
#pragma once

#include <elfutils/libdwfl.h>
#include <libelf.h>
#include <sys/types.h>
#include <sys/user.h>

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/TargetAccess.h"

namespace rwd {

struct CoreSignal {
  int signal = 0;             // 0: the dump records none (taken of a live process)
  int code = 0;               // si_code
  uint64_t faultAddress = 0;  // si_addr
};

class CoreTarget : public TargetAccess {
 public:
  // Opens `corePath`, a core dump of `program`. Throws DebugError
  // NoSuchFile / BadArgument (not a core dump of this machine's kind).
  static std::unique_ptr<CoreTarget> open(const std::string& corePath, const std::string& program);
  ~CoreTarget() override;
  CoreTarget(const CoreTarget&) = delete;
  CoreTarget& operator=(const CoreTarget&) = delete;

  // Code the dump left out is read from the modules of this Dwfl.
  void readModulesFrom(Dwfl* dwfl) { modules_ = dwfl; }

  pid_t processId() const override { return pid_; }
  // The thread that received the signal first, as the dump lists them.
  std::vector<pid_t> threadIds() const override { return threads_; }
  size_t readMemory(uint64_t address, void* out, size_t length) override;
  bool writeMemory(uint64_t, const void*, size_t) override { return false; }
  bool readRegisters(pid_t tid, user_regs_struct& regs) override;
  bool readFpuRegisters(pid_t tid, user_fpregs_struct& fpu) override;
  std::vector<uint8_t> readXstate(pid_t tid) override;
  Elf* coreElf() override { return elf_; }
  std::string coreExecutable() const override { return program_; }

  const CoreSignal& signal() const { return signal_; }
  // The command name the kernel recorded (at most 15 characters).
  const std::string& commandName() const { return command_; }

 private:
  struct Segment {
    uint64_t address = 0;
    uint64_t fileSize = 0;  // bytes present in the dump
    uint64_t memorySize = 0;
    uint64_t offset = 0;
  };
  CoreTarget(int fd, Elf* elf, std::string program);
  void readNotes();
  void readSegments();
  // Bytes at `address` from the dump, else from a module's file; 0 when neither has them.
  size_t readChunk(uint64_t address, uint8_t* out, size_t length);
  size_t readFromModule(uint64_t address, uint8_t* out, size_t length);

  int fd_;
  Elf* elf_;
  std::string program_;
  Dwfl* modules_ = nullptr;
  pid_t pid_ = 0;
  std::vector<pid_t> threads_;
  std::map<pid_t, user_regs_struct> registers_;
  // NT_FPREGSET and NT_X86_XSTATE, which follow each thread's NT_PRSTATUS.
  std::map<pid_t, user_fpregs_struct> fpuRegisters_;
  std::map<pid_t, std::vector<uint8_t>> xstates_;
  std::vector<Segment> segments_;  // by address
  CoreSignal signal_;
  std::string command_;
};

}  // namespace rwd
