// TrampolinePage: a page of code the helper puts into the program for a
// TrampolinePlan. A uprobe can only sit in a file's mapping, so the page
// is a memfd the program itself creates (memfd_create, run by a stopped
// thread of it through SyscallInjector's borrowed `syscall`), which the
// helper fills through /proc/PID/fd and the program maps private and
// executable within a jump's reach (±2 GB) of the patched code, below the
// code's own file. The helper keeps the memfd open: the uprobe names it by
// /proc/self/fd/N. The page stays mapped until the program execs or ends
// (a thread may still be inside it when its patch is taken out).
#pragma once

#include <sys/types.h>

#include <array>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace rwd {

class AddressSpace;

// Runs one system call in a stopped thread of the program (the `syscall`
// instruction at `syscallAddress`); its result (-errno on failure), or
// nullopt when no thread could run it.
using SyscallRunner =
    std::function<std::optional<int64_t>(uint64_t syscallAddress, uint64_t number, const std::array<uint64_t, 6>&)>;

struct ProgramSyscalls {
  SyscallRunner run;
  uint64_t scratch = 0;  // writable bytes nobody uses (below a stopped thread's red zone)
};

class TrampolinePage {
 public:
  // Maps a page within reach of `near` in `pid`; throws ProbeError with
  // the reason when it cannot.
  TrampolinePage(pid_t pid, AddressSpace& memory, const ProgramSyscalls& syscalls, uint64_t near);
  ~TrampolinePage();
  TrampolinePage(const TrampolinePage&) = delete;
  TrampolinePage& operator=(const TrampolinePage&) = delete;

  uint64_t address() const { return address_; }
  // Puts the code into the page (before any probe writes into the
  // program's copy of it, the program sees the file's bytes).
  bool fill(const std::vector<uint8_t>& code);
  // The path a uprobe names the page's file by, in the helper.
  std::string path() const { return "/proc/self/fd/" + std::to_string(fd_); }

 private:
  int fd_ = -1;
  uint64_t address_ = 0;
};

}  // namespace rwd
