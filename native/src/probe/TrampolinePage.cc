// TrampolinePage: memfd_create, fill, mmap near the code, close — in the program.
#include "probe/TrampolinePage.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

#include "probe/ProbeError.h"
#include "probe/TrampolinePlan.h"
#include "process/AddressSpace.h"

namespace rwd {

namespace {

constexpr uint64_t kPage = 4096;

struct Mapping {
  uint64_t start = 0, end = 0;
  std::string path;
};

std::vector<Mapping> mappingsOf(pid_t pid) {
  std::vector<Mapping> out;
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  for (std::string line; std::getline(maps, line);) {
    std::istringstream fields(line);
    std::string range, perms, offset, device, inode, path;
    fields >> range >> perms >> offset >> device >> inode;
    std::getline(fields >> std::ws, path);
    const auto dash = range.find('-');
    out.push_back(Mapping{std::stoull(range.substr(0, dash), nullptr, 16),
                          std::stoull(range.substr(dash + 1), nullptr, 16), path});
  }
  return out;
}

// A `syscall` instruction (0f 05) in the program's vDSO.
std::optional<uint64_t> syscallInstruction(const std::vector<Mapping>& maps, const AddressSpace& memory) {
  for (const auto& mapping : maps) {
    if (mapping.path != "[vdso]") continue;
    std::vector<uint8_t> bytes(mapping.end - mapping.start);
    const size_t got = memory.read(mapping.start, bytes.data(), bytes.size());
    for (size_t i = 0; i + 1 < got; ++i) {
      if (bytes[i] == 0x0f && bytes[i + 1] == 0x05) return mapping.start + i;
    }
  }
  return std::nullopt;
}

std::string errorOf(int64_t result) { return std::strerror(static_cast<int>(-result)); }

}  // namespace

TrampolinePage::TrampolinePage(pid_t pid, AddressSpace& memory, const ProgramSyscalls& syscalls, uint64_t near) {
  const auto maps = mappingsOf(pid);
  const auto syscall = syscallInstruction(maps, memory);
  if (!syscall) throw ProbeError("the program has no vDSO to borrow a system call from");
  auto run = [&](uint64_t number, std::array<uint64_t, 6> arguments) {
    const auto result = syscalls.run(*syscall, number, arguments);
    if (!result) throw ProbeError("the program's thread could not run a system call for the trampoline");
    return *result;
  };
  // memfd_create(name, MFD_CLOEXEC), its name written where nothing lives.
  static const char kName[] = "rewind-probe-trampoline";
  std::vector<uint8_t> saved(sizeof kName);
  memory.read(syscalls.scratch, saved.data(), saved.size());
  memory.write(syscalls.scratch, kName, sizeof kName);
  const int64_t programFd = run(SYS_memfd_create, {syscalls.scratch, MFD_CLOEXEC, 0, 0, 0, 0});
  memory.write(syscalls.scratch, saved.data(), saved.size());
  if (programFd < 0) throw ProbeError("the program could not create the trampoline's file: " + errorOf(programFd));
  fd_ = ::open(("/proc/" + std::to_string(pid) + "/fd/" + std::to_string(programFd)).c_str(), O_RDWR | O_CLOEXEC);
  const std::vector<uint8_t> page(kPage, 0xcc);
  const bool filled = fd_ >= 0 && ::pwrite(fd_, page.data(), page.size(), 0) == static_cast<ssize_t>(page.size());
  // Below the lowest mapping of the code's file, within a jump's reach.
  uint64_t base = near & ~(kPage - 1);
  std::string file;
  for (const auto& mapping : maps) {
    if (near >= mapping.start && near < mapping.end) file = mapping.path;
  }
  for (const auto& mapping : maps) {
    if (!file.empty() && mapping.path == file) base = std::min(base, mapping.start);
  }
  std::string failure = filled ? "no free page within 2 GB of the code" : "the trampoline's file could not be written";
  for (int attempt = 1; filled && attempt <= 64 && address_ == 0; ++attempt) {
    const uint64_t step = attempt <= 16 ? kPage * attempt : (1ull << 20) * (attempt - 16);
    if (base < step + 0x10000) break;
    const uint64_t candidate = base - step;
    if (!TrampolinePlan::reaches(near, candidate) || !TrampolinePlan::reaches(candidate + kPage, near)) break;
    const int64_t mapped = run(SYS_mmap, {candidate, kPage, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_FIXED_NOREPLACE,
                                          static_cast<uint64_t>(programFd), 0});
    if (mapped == static_cast<int64_t>(candidate)) {
      address_ = candidate;
    } else if (mapped >= 0) {
      run(SYS_munmap, {static_cast<uint64_t>(mapped), kPage, 0, 0, 0, 0});  // a kernel that took the address as a hint
      failure = "the kernel does not map at a chosen address (MAP_FIXED_NOREPLACE)";
      break;
    } else if (mapped != -EEXIST) {
      failure = "the program could not map the trampoline: " + errorOf(mapped);
      break;
    }
  }
  const int64_t closed = run(SYS_close, {static_cast<uint64_t>(programFd), 0, 0, 0, 0, 0});
  (void)closed;  // the helper's own descriptor keeps the file
  if (address_ == 0) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
    throw ProbeError(failure);
  }
}

bool TrampolinePage::fill(const std::vector<uint8_t>& code) {
  return !code.empty() && code.size() <= kPage &&
         ::pwrite(fd_, code.data(), code.size(), 0) == static_cast<ssize_t>(code.size());
}

TrampolinePage::~TrampolinePage() {
  if (fd_ >= 0) ::close(fd_);
}

}  // namespace rwd
