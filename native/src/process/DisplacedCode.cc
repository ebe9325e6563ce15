// DisplacedCode: out-of-line copies of instructions under breakpoints.
#include "process/DisplacedCode.h"

#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/syscall.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <vector>

#include "process/Process.h"
#include "record/SyscallInjector.h"

namespace rwd {

namespace {
constexpr uint64_t kPageSize = 4096;
constexpr uint8_t kInt3Byte = 0xCC;
// `jmp qword ptr [rip+0]` followed by the absolute address to go to.
constexpr std::array<uint8_t, 6> kJumpThroughNextQword = {0xFF, 0x25, 0x00, 0x00, 0x00, 0x00};
constexpr uint64_t kJumpLength = kJumpThroughNextQword.size() + sizeof(uint64_t);
}  // namespace

DisplacedCode::DisplacedCode(Process& process) : process_(process) {}

void DisplacedCode::reset() {
  page_ = 0;
  pageRefused_ = false;
  used_ = 0;
  byAddress_.clear();
  byEntry_.clear();
}

std::optional<uint64_t> DisplacedCode::originalPc(uint64_t pc) const {
  auto after = byEntry_.upper_bound(pc);
  if (after == byEntry_.begin()) return std::nullopt;
  const Copy& copy = std::prev(after)->second;
  if (pc == copy.entry) return copy.original;
  if (pc == copy.entry + copy.length) return copy.original + copy.length;
  return std::nullopt;
}

bool DisplacedCode::mapPage(Task& task, uint64_t address) {
  if (page_) return true;
  if (pageRefused_ || !process_.allStopped()) return false;
  // The injected call needs a `syscall` instruction: the breakpoint's own
  // address lends its first two bytes while every thread is stopped.
  AddressSpace& memory = process_.memory();
  if (memory.hasSiteIn(address + 1, address + 2)) return false;
  std::array<uint8_t, 2> saved{};
  if (memory.read(address, saved.data(), saved.size()) != saved.size()) return false;
  constexpr std::array<uint8_t, 2> kSyscall = {0x0F, 0x05};
  memory.suspendBreakpoint(address);
  std::optional<int64_t> mapped;
  if (memory.write(address, kSyscall.data(), kSyscall.size())) {
    mapped = SyscallInjector::run(
        process_, task, address, SYS_mmap,
        {0, kPageSize, PROT_READ | PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, static_cast<uint64_t>(-1), 0});
  }
  memory.write(address, saved.data(), saved.size());
  memory.restoreBreakpoint(address);
  if (!mapped || *mapped < 0 || (static_cast<uint64_t>(*mapped) & (kPageSize - 1))) {
    pageRefused_ = true;
    return false;
  }
  page_ = static_cast<uint64_t>(*mapped);
  return true;
}

std::optional<DisplacedCode::Copy> DisplacedCode::makeCopy(uint64_t address) {
  std::array<uint8_t, 16> bytes{};
  const size_t got = process_.memory().read(address, bytes.data(), bytes.size());
  const auto instruction = decoder_.decode(bytes.data(), got, address);
  if (!instruction || !instruction->fallsThrough() || instruction->ripRelative) return std::nullopt;
  const uint8_t length = instruction->length;
  if (length == 0 || used_ + length + kJumpLength > kPageSize) return std::nullopt;
  std::vector<uint8_t> code(bytes.begin(), bytes.begin() + length);
  code.insert(code.end(), kJumpThroughNextQword.begin(), kJumpThroughNextQword.end());
  const uint64_t back = address + length;
  for (size_t shift = 0; shift < sizeof back * 8; shift += 8) code.push_back(static_cast<uint8_t>(back >> shift));
  const uint64_t entry = page_ + used_;
  if (!process_.memory().write(entry, code.data(), code.size())) return std::nullopt;
  used_ += code.size();
  Copy copy{address, entry, length, {}};
  std::copy(bytes.begin(), bytes.begin() + length, copy.bytes.begin());
  return copy;
}

std::optional<bool> DisplacedCode::probeUnder(Task& task, uint64_t address, uint8_t programByte) {
  auto rawByte = [&]() -> std::optional<uint8_t> {
    errno = 0;
    const long word = ::ptrace(PTRACE_PEEKDATA, task.tid(), address, nullptr);
    if (errno != 0) return std::nullopt;
    return static_cast<uint8_t>(word);
  };
  const auto inPlace = rawByte();
  if (!inPlace || *inPlace != kInt3Byte) return std::nullopt;
  AddressSpace& memory = process_.memory();
  memory.suspendBreakpoint(address);
  const auto under = rawByte();
  memory.restoreBreakpoint(address);
  if (!under) return std::nullopt;
  return *under == kInt3Byte && programByte != kInt3Byte;
}

std::optional<uint64_t> DisplacedCode::entryFor(Task& task, uint64_t address) {
  auto known = byAddress_.find(address);
  if (known != byAddress_.end()) {
    if (!known->second) return std::nullopt;
    const Copy& copy = *known->second;
    std::array<uint8_t, 16> now{};
    if (process_.memory().read(address, now.data(), copy.length) == copy.length &&
        std::equal(now.begin(), now.begin() + copy.length, copy.bytes.begin()))
      return copy.entry;
    byAddress_.erase(known);  // the code changed: copy it again
  }
  uint8_t programByte = 0;
  if (process_.memory().read(address, &programByte, 1) != 1) return std::nullopt;
  const auto probe = probeUnder(task, address, programByte);
  if (!probe) return std::nullopt;
  if (*probe) {
    byAddress_.emplace(address, std::nullopt);
    return std::nullopt;
  }
  if (!mapPage(task, address)) return std::nullopt;
  auto copy = makeCopy(address);
  byAddress_.emplace(address, copy);
  if (!copy) return std::nullopt;
  byEntry_.emplace(copy->entry, *copy);
  return copy->entry;
}

}  // namespace rwd
