// Exactness check of the recorder's write prediction against a real
// program: this test re-executes itself as a traced child that runs a
// workload (glibc's AVX-512 memcpy/strlen/memset/strcpy, lazy PLT binding
// through xsavec, inline assembly for string, atomic, x87, xsave, AVX-512
// masked/scatter/compress stores, movdir64b, system calls, and signal
// handlers on the normal and the alternate stack). The parent single-steps
// every instruction and, after each step, compares all writable memory of
// the child with its copy from before the step: every byte that changed
// must lie inside the ranges predicted by WriteSetAnalyzer (and
// SyscallEffects / SignalStackTracker for system calls and signal delivery),
// and no instruction or system call may be Unknown.
#include <fcntl.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <sys/user.h>
#include <sys/utsname.h>
#include <sys/wait.h>
#include <unistd.h>
#include <elf.h>
#include <cpuid.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include "record/SignalStackTracker.h"
#include "record/SyscallEffects.h"
#include "record/WriteSetAnalyzer.h"
#include "record/XsaveLayout.h"
#include "record/XsaveVectorRegisters.h"
#include "support/Check.h"

using namespace rwd;

// What this processor (and its OS) can run; the workload uses only that,
// and the parent expects only what ran.
struct HostFeatures {
  bool avx512 = false;  // F, DQ, BW, VL with zmm and opmask state enabled
  bool movdir64b = false;
  bool movdiri = false;
  bool xsavec = false;
  bool xsaveopt = false;

  static HostFeatures detect() {
    HostFeatures features;
    unsigned a = 0, b = 0, c = 0, d = 0;
    __cpuid_count(1, 0, a, b, c, d);
    const bool osXsave = c & (1u << 27);
    uint64_t xcr0 = 0;
    if (osXsave) {
      uint32_t low = 0, high = 0;
      asm volatile("xgetbv" : "=a"(low), "=d"(high) : "c"(0));
      xcr0 = (uint64_t{high} << 32) | low;
    }
    __cpuid_count(7, 0, a, b, c, d);
    const unsigned avx512Bits = (1u << 16) | (1u << 17) | (1u << 30) | (1u << 31);  // F, DQ, BW, VL
    features.avx512 = (b & avx512Bits) == avx512Bits && (xcr0 & 0xe6) == 0xe6;
    features.movdiri = c & (1u << 27);
    features.movdir64b = c & (1u << 28);
    if (osXsave) {
      __cpuid_count(0xD, 1, a, b, c, d);
      features.xsaveopt = a & 1;
      features.xsavec = a & 2;
    }
    return features;
  }
};

// ---------------------------------------------------------------- the child

namespace child {

volatile int signalsHandled = 0;
__thread long threadLocalCounter = 0;
long globalCounter = 0;
char bssSource[4096];
char bssDestination[4096];
alignas(64) unsigned char xsaveBuffer[16384];
alignas(64) unsigned char fxsaveBuffer[512];
alignas(64) unsigned char vectorBuffer[512];
alignas(16) unsigned char pairBuffer[16];
char alternateStack[65536];

void handler(int signal) {
  signalsHandled = signalsHandled + signal;
  globalCounter += 1;
}

// Instructions the compiler would not emit on its own.
__attribute__((noinline)) void instructionWorkout() {
  unsigned char area[64];
  // rep stosb upward, then downward (DF=1), then rep movsb with rcx=0.
  void* up = area;
  unsigned long count = 40;
  asm volatile("rep stosb" : "+D"(up), "+c"(count) : "a"(0x41) : "memory");
  void* down = area + 63;
  count = 20;
  asm volatile("std\n\trep stosb\n\tcld" : "+D"(down), "+c"(count) : "a"(0x42) : "memory", "cc");
  void* destination = area;
  const void* source = bssSource;
  count = 0;
  asm volatile("rep movsb" : "+D"(destination), "+S"(source), "+c"(count) : : "memory");
  count = 6;  // 48 bytes into area[8..56)
  destination = area + 8;
  asm volatile("rep movsq" : "+D"(destination), "+S"(source), "+c"(count) : : "memory");
  // enter/leave, pushf/popf, push and pop with memory operands (below the red zone).
  asm volatile(
      "sub $128, %%rsp\n\t"
      "enter $32, $0\n\tleave\n\t"
      "enter $16, $1\n\tleave\n\t"
      "pushfq\n\tpopfq\n\t"
      "pushq (%0)\n\tpopq 8(%0)\n\t"
      "pushq (%0)\n\tpopq 8(%%rsp)\n\t"  // the address uses rsp after the pop
      "add $128, %%rsp"
      :
      : "r"(area)
      : "memory", "cc");
  // cmpxchg16b, lock xadd, xchg, bts with a register bit offset.
  uint64_t low = 0, high = 0;
  asm volatile("lock cmpxchg16b (%4)"
               : "+a"(low), "+d"(high)
               : "b"(uint64_t{7}), "c"(uint64_t{9}), "r"(pairBuffer)
               : "memory", "cc");
  __atomic_fetch_add(&globalCounter, 3, __ATOMIC_SEQ_CST);
  __atomic_exchange_n(&globalCounter, 11, __ATOMIC_SEQ_CST);
  long offset = 200;
  asm volatile("btsq %1, (%0)" : : "r"(area), "r"(offset) : "memory", "cc");
  offset = -3;
  asm volatile("btrq %1, 16(%0)" : : "r"(area), "r"(offset) : "memory", "cc");
  // x87 stores.
  asm volatile("fldpi\n\tfstpt (%0)\n\tfldpi\n\tfistpl 16(%0)\n\tfnstenv 32(%0)" : : "r"(area) : "memory");
  // fxsave, xsave, xsavec, xsaveopt with every component requested.
  asm volatile("fxsave (%0)" : : "r"(fxsaveBuffer) : "memory");
  const HostFeatures features = HostFeatures::detect();
  asm volatile("xsave (%0)" : : "r"(xsaveBuffer), "a"(-1), "d"(-1) : "memory");
  if (features.xsavec) asm volatile("xsavec (%0)" : : "r"(xsaveBuffer), "a"(-1), "d"(-1) : "memory");
  if (features.xsaveopt) asm volatile("xsaveopt (%0)" : : "r"(xsaveBuffer), "a"(-1), "d"(-1) : "memory");
  // fs-relative and rip-relative stores (the compiler picks the addressing).
  threadLocalCounter = threadLocalCounter + 5;
  globalCounter = globalCounter * 3;
}

__attribute__((noinline)) void vectorWorkout(unsigned char* pageEnd) {
  const HostFeatures features = HostFeatures::detect();
  unsigned char* buffer = vectorBuffer;
  for (int i = 0; i < 64; ++i) buffer[i] = static_cast<unsigned char>(i);
  asm volatile("pcmpeqd %%xmm4, %%xmm4\n\tmaskmovdqu %%xmm4, %%xmm4" : : "D"(buffer + 16) : "memory", "xmm4");
  if (features.movdir64b) asm volatile("movdir64b (%1), %0" : : "D"(buffer + 448), "S"(buffer) : "memory");
  if (features.movdiri) asm volatile("movdiri %%eax, 8(%0)" : : "r"(buffer), "a"(0x12345678) : "memory");
  if (!features.avx512) return;
  int32_t indices[16];
  for (int i = 0; i < 16; ++i) indices[i] = i * 3 - 2;
  asm volatile(
      "vmovdqu64 (%0), %%zmm16\n\t"
      "vmovdqu64 %%zmm16, 64(%0)\n\t"  // full zmm store (EVEX)
      "mov $0x5555, %%eax\n\tkmovd %%eax, %%k1\n\t"
      "vmovdqu8 %%zmm16, 128(%0)%{%%k1%}\n\t"     // masked byte store
      "vmovdqu64 %%ymm16, 192(%0)\n\t"            // EVEX ymm store
      "vpcompressd %%zmm16, 256(%0)%{%%k1%}\n\t"  // compress store
      "vpmovqb %%zmm16, 320(%0)\n\t"              // down-converting store
      "vextracti32x8 $1, %%zmm16, 352(%0)\n\t"    // extract store, disp8*32
      "vmovdqu32 (%1), %%zmm1\n\t"
      "kxnorw %%k2, %%k2, %%k2\n\t"
      "vpscatterdd %%zmm16, 128(%0,%%zmm1,4)%{%%k2%}\n\t"
      "vmovdqu (%0), %%ymm2\n\t"
      "vpcmpeqd %%ymm3, %%ymm3, %%ymm3\n\t"
      "vmaskmovps %%ymm2, %%ymm3, 384(%0)\n\t"  // AVX masked store
      "vpmaskmovd %%xmm2, %%xmm3, 416(%0)\n\t"
      "vzeroupper"
      :
      : "r"(buffer), "r"(indices)
      : "rax", "memory", "xmm1", "xmm2", "xmm3");
  // A masked store whose full width crosses into an inaccessible page: the
  // mask keeps it to the last 16 accessible bytes, so it must not fault.
  asm volatile(
      "mov $0xffff, %%eax\n\tkmovd %%eax, %%k1\n\t"
      "vmovdqu8 %%zmm16, -16(%0)%{%%k1%}"
      :
      : "r"(pageEnd)
      : "rax", "memory");
}

__attribute__((noinline)) int libraryWorkout() {
  std::memset(bssSource, 'a', 3000);
  bssSource[2999] = 0;
  size_t length = std::strlen(bssSource);
  std::memcpy(bssDestination, bssSource, length + 1);
  char* heap = static_cast<char*>(std::malloc(8192));
  std::memcpy(heap, bssDestination, 4000);
  std::strcpy(heap + 100, "hello, recorded world");
  std::memmove(heap + 10, heap, 1000);
  int order = std::strcmp(heap, bssDestination);
  std::snprintf(heap + 6000, 100, "%d %zu %.20s", order, length, bssSource + 2990);
  char* copy = strdup(heap + 6000);
  int result = static_cast<int>(std::strlen(copy)) + order;
  std::free(copy);
  std::free(heap);
  return result;
}

__attribute__((noinline)) void systemCallWorkout() {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0) _exit(2);
  if (write(fds[1], "xyz", 3) != 3) _exit(2);
  char buffer[64];
  if (read(fds[0], buffer, sizeof buffer) != 3) _exit(2);
  struct iovec vectors[2] = {{buffer, 2}, {buffer + 32, 8}};
  if (write(fds[1], "abcdef", 6) != 6) _exit(2);
  if (readv(fds[0], vectors, 2) != 6) _exit(2);
  struct pollfd poller = {fds[0], POLLIN, 0};
  poll(&poller, 1, 0);
  struct timespec now;
  syscall(SYS_clock_gettime, CLOCK_MONOTONIC, &now);
  struct utsname names;
  uname(&names);
  getrandom(buffer, 32, 0);
  struct stat status;
  fstat(fds[0], &status);
  char directory[512];
  if (!getcwd(directory, sizeof directory)) _exit(2);
  sigset_t blocked;
  sigprocmask(SIG_BLOCK, nullptr, &blocked);
  struct timespec shortNap = {0, 1000};
  nanosleep(&shortNap, nullptr);
  int childStatus = 0;
  wait4(-1, &childStatus, WNOHANG, nullptr);  // no children: ECHILD
  close(fds[0]);
  close(fds[1]);
  void* page = mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  static_cast<char*>(page)[100] = 1;
  mprotect(page, 4096, PROT_READ);
  munmap(page, 8192);
}

__attribute__((noinline)) void signalWorkout() {
  struct sigaction action;
  std::memset(&action, 0, sizeof action);
  action.sa_handler = handler;
  struct sigaction previous;
  sigaction(SIGUSR1, &action, &previous);
  kill(getpid(), SIGUSR1);  // delivered on the normal stack
  stack_t stack = {alternateStack, 0, sizeof alternateStack};
  sigaltstack(&stack, nullptr);
  action.sa_flags = SA_ONSTACK;
  sigaction(SIGUSR2, &action, nullptr);
  kill(getpid(), SIGUSR2);  // delivered on the alternate stack
}

int run() {
  // One CPU: the kernel then never rewrites the rseq area's cpu_id mid-run.
  cpu_set_t one;
  CPU_ZERO(&one);
  CPU_SET(sched_getcpu(), &one);
  sched_setaffinity(0, sizeof one, &one);
  // A page followed by an inaccessible one, for the fault-suppressed store.
  char* pages = static_cast<char*>(mmap(nullptr, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0));
  mprotect(pages + 4096, 4096, PROT_NONE);
  raise(SIGSTOP);  // the parent starts stepping here
  instructionWorkout();
  vectorWorkout(reinterpret_cast<unsigned char*>(pages + 4096));
  int value = libraryWorkout();
  systemCallWorkout();
  signalWorkout();
  syscall(SYS_exit_group, value > 0 && signalsHandled == SIGUSR1 + SIGUSR2 ? 0 : 3);
  return 0;
}

}  // namespace child

// ---------------------------------------------------------------- the parent

namespace {

bool readChild(pid_t pid, uint64_t address, void* out, size_t length) {
  struct iovec local = {out, length};
  struct iovec remote = {reinterpret_cast<void*>(address), length};
  return process_vm_readv(pid, &local, 1, &remote, 1, 0) == static_cast<ssize_t>(length);
}

constexpr uint64_t kPage = 4096;
constexpr uint64_t kFullEvery = 32;

// A copy of all writable private memory of the child, brought up to date
// after each step. After an ordinary step only the pages holding predicted
// ranges are read again and compared; every `kFullEvery` steps, and when the
// memory map may have changed, all of it is. A stray write outside the
// predicted ranges lands in a page that was not re-read, so the next full
// comparison reports it (late, but it cannot go unseen). Pages a region
// grew by (stack, heap) are compared with the zeros they started as.
class MemoryWatcher {
 public:
  explicit MemoryWatcher(pid_t pid) : pid_(pid) {
    regions_ = readRegions();
    for (Region& region : regions_) readRegion(region);
  }
  uint64_t watchedBytes() const {
    uint64_t total = 0;
    for (const Region& region : regions_) total += region.end - region.start;
    return total;
  }

  // Reports bytes changed since the last call through `changed(address)`.
  template <typename Changed>
  void update(bool full, const std::vector<MemoryRange>& predicted, Changed changed) {
    uint64_t pages = 0;
    for (const MemoryRange& range : predicted) pages += range.length / kPage + 2;
    if (full || pages > 64) {
      std::vector<Region> now = readRegions();
      for (Region& region : now) {
        readRegion(region);
        compareWithPrevious(region, changed);
      }
      regions_ = std::move(now);
      return;
    }
    uint8_t page[kPage];
    for (const MemoryRange& range : predicted) {
      for (uint64_t address = range.address & ~(kPage - 1); address < range.end(); address += kPage) {
        Region* region = find(address);
        if (!region || !readChild(pid_, address, page, kPage)) continue;
        uint8_t* old = region->bytes.data() + (address - region->start);
        if (std::memcmp(old, page, kPage) == 0) continue;
        for (uint64_t i = 0; i < kPage; ++i)
          if (old[i] != page[i]) changed(address + i);
        std::memcpy(old, page, kPage);
      }
    }
  }

 private:
  struct Region {
    uint64_t start = 0, end = 0;
    std::vector<uint8_t> bytes;
  };

  std::vector<Region> readRegions() const {
    std::vector<Region> regions;
    std::ifstream maps("/proc/" + std::to_string(pid_) + "/maps");
    std::string line;
    while (std::getline(maps, line)) {
      std::istringstream fields(line);
      std::string range, permissions;
      fields >> range >> permissions;
      if (permissions.size() < 4 || permissions[0] != 'r' || permissions[1] != 'w' || permissions[3] != 'p') continue;
      Region region;
      region.start = std::stoull(range.substr(0, range.find('-')), nullptr, 16);
      region.end = std::stoull(range.substr(range.find('-') + 1), nullptr, 16);
      regions.push_back(std::move(region));
    }
    return regions;
  }
  void readRegion(Region& region) const {
    region.bytes.assign(region.end - region.start, 0);
    if (readChild(pid_, region.start, region.bytes.data(), region.bytes.size())) return;
    for (uint64_t page = region.start; page < region.end; page += kPage)
      readChild(pid_, page, region.bytes.data() + (page - region.start), kPage);
  }
  Region* find(uint64_t address) {
    for (Region& region : regions_)
      if (address >= region.start && address < region.end) return &region;
    return nullptr;
  }
  // Compares `now` with the previous copy where they overlap; if `now` grew
  // out of a previous region, its new pages are compared with zero.
  template <typename Changed>
  void compareWithPrevious(const Region& now, Changed& changed) const {
    bool grewFromOld = false;
    for (const Region& old : regions_) {
      const uint64_t start = std::max(old.start, now.start), end = std::min(old.end, now.end);
      if (start >= end) continue;
      grewFromOld = true;
      compareBytes(old.bytes.data() + (start - old.start), now.bytes.data() + (start - now.start), start, end - start,
                   changed);
    }
    if (!grewFromOld) return;
    static const uint8_t zeros[kPage] = {};
    for (uint64_t page = now.start; page < now.end; page += kPage) {
      bool covered = false;
      for (const Region& old : regions_) covered |= page >= old.start && page < old.end;
      if (!covered) compareBytes(zeros, now.bytes.data() + (page - now.start), page, kPage, changed);
    }
  }
  template <typename Changed>
  static void compareBytes(const uint8_t* a, const uint8_t* b, uint64_t address, uint64_t length, Changed& changed) {
    for (uint64_t chunk = 0; chunk < length; chunk += kPage) {
      const uint64_t size = std::min<uint64_t>(kPage, length - chunk);
      if (std::memcmp(a + chunk, b + chunk, size) == 0) continue;
      for (uint64_t i = chunk; i < chunk + size; ++i)
        if (a[i] != b[i]) changed(address + i);
    }
  }

  pid_t pid_;
  std::vector<Region> regions_;
};

bool inside(uint64_t address, const std::vector<MemoryRange>& ranges) {
  for (const MemoryRange& range : ranges)
    if (range.contains(address)) return true;
  return false;
}

std::string rangesText(const std::vector<MemoryRange>& ranges) {
  std::string text;
  char buffer[64];
  for (const MemoryRange& range : ranges) {
    std::snprintf(buffer, sizeof buffer, " [%llx,+%llu)", static_cast<unsigned long long>(range.address),
                  static_cast<unsigned long long>(range.length));
    text += buffer;
  }
  return text.empty() ? " (none)" : text;
}

std::vector<uint8_t> readXstate(pid_t pid) {
  std::vector<uint8_t> image(16384);
  struct iovec io = {image.data(), image.size()};
  if (ptrace(PTRACE_GETREGSET, pid, NT_X86_XSTATE, &io) != 0) return {};
  image.resize(io.iov_len);
  return image;
}

struct Totals {
  unsigned long long steps = 0, unknowns = 0, violations = 0, changedBytes = 0, predictedBytes = 0;
  unsigned long long evexSteps = 0, xsaveSteps = 0, scatterSteps = 0, syscalls = 0, signalFrames = 0;
  unsigned long long repIterations = 0, looseFrames = 0;
  unsigned long long instructionBytes = 0, syscallBytes = 0, frameBytes = 0;  // one-iteration predictions by source
};

// What one step is expected to write, in the three forms checked.
struct Prediction {
  std::string what;
  uint64_t rip = 0;
  std::vector<MemoryRange> whole, oneIteration, afterSyscall;
  bool isSyscall = false;
};

pid_t startChild(const char* self) {
  pid_t pid = fork();
  if (pid == 0) {
    ptrace(PTRACE_TRACEME, 0, nullptr, nullptr);
    execl(self, self, "--traced-child", static_cast<char*>(nullptr));
    _exit(127);
  }
  int status = 0;
  waitpid(pid, &status, 0);  // the exec stop
  if (!WIFSTOPPED(status)) return -1;
  ptrace(PTRACE_SETOPTIONS, pid, nullptr, reinterpret_cast<void*>(PTRACE_O_EXITKILL));
  ptrace(PTRACE_CONT, pid, nullptr, nullptr);
  waitpid(pid, &status, 0);  // raise(SIGSTOP) in the child
  return WIFSTOPPED(status) && WSTOPSIG(status) == SIGSTOP ? pid : -1;
}

int runParent(const char* self) {
  const pid_t pid = startChild(self);
  if (pid < 0) {
    std::printf("FAIL: the traced child did not reach its start point\n");
    return 1;
  }
  const XsaveLayout layout = XsaveLayout::query();
  WriteSetAnalyzer analyzer(layout, RepeatedString::WholeInstruction);
  WriteSetAnalyzer perIteration(layout, RepeatedString::OneIteration);
  MemoryReader reader = [pid](uint64_t address, void* out, size_t length) {
    return readChild(pid, address, out, length);
  };
  SignalStackTracker signals(layout);
  MemoryWatcher memory(pid);
  std::printf("watching %llu bytes of writable memory\n", static_cast<unsigned long long>(memory.watchedBytes()));

  Totals totals;
  WriteSet writes, oneIteration;
  int printed = 0, status = 0, deliverSignal = 0;
  uint64_t lowestStackPointer = ~uint64_t{0};
  const auto started = std::chrono::steady_clock::now();
  for (;;) {
    user_regs_struct regs;
    ptrace(PTRACE_GETREGS, pid, nullptr, &regs);
    Prediction p;
    p.rip = regs.rip;
    SyscallCall call;
    SyscallEffect syscallBefore;
    const bool deliveringSignal = deliverSignal != 0;
    if (deliveringSignal) {
      // The kernel builds a signal frame; no instruction runs.
      p.whole.push_back(signals.frameFor(deliverSignal, regs.rsp));
      p.oneIteration = p.whole;
      p.what = "delivery of signal " + std::to_string(deliverSignal);
      ++totals.signalFrames;
    } else {
      uint8_t code[16] = {};
      size_t available = 0;
      while (available < 15 && readChild(pid, regs.rip + available, code + available, 1)) ++available;
      const DigestedInstruction& digest = analyzer.analyze(code, available, regs, writes);
      std::unique_ptr<XsaveVectorRegisters> vectors;
      if (digest.needsVectorRegisters()) {
        vectors = std::make_unique<XsaveVectorRegisters>(layout, readXstate(pid));
        analyzer.analyze(code, available, regs, writes, vectors.get());
        ++totals.scatterSteps;
      }
      perIteration.analyze(code, available, regs, oneIteration, vectors.get());
      p.what = analyzer.digester().describe(regs.rip, code, available);
      if (!writes.known) {
        ++totals.unknowns;
        std::printf("UNKNOWN at %llx: %s\n", static_cast<unsigned long long>(regs.rip), writes.reason.c_str());
      }
      p.whole = writes.ranges;
      p.oneIteration = oneIteration.ranges;
      const size_t prefix = (code[0] == 0x64 || code[0] == 0x65 || code[0] == 0x67) ? 1 : 0;
      if (code[prefix] == 0x62) ++totals.evexSteps;
      if (p.what.rfind("xsave", 0) == 0) ++totals.xsaveSteps;
      if (digest.recipe == WriteRecipe::StringStore && digest.repeated) ++totals.repIterations;
      if (digest.isSystemCall()) {
        p.isSyscall = true;
        ++totals.syscalls;
        call = SyscallCall::atSyscallInstruction(regs);
        syscallBefore = SyscallEffects::beforeCall(call, reader);
        if (!syscallBefore.known) {
          ++totals.unknowns;
          std::printf("UNKNOWN system call: %s\n", syscallBefore.message().c_str());
        }
        p.whole.insert(p.whole.end(), syscallBefore.writes.begin(), syscallBefore.writes.end());
        p.oneIteration = p.whole;
        signals.beforeSyscall(call, reader);
      }
    }
    for (const MemoryRange& range : p.whole) totals.predictedBytes += range.length;
    unsigned long long& bySource = deliveringSignal ? totals.frameBytes
                                   : p.isSyscall    ? totals.syscallBytes
                                                    : totals.instructionBytes;
    for (const MemoryRange& range : p.oneIteration) bySource += range.length;

    ptrace(PTRACE_SINGLESTEP, pid, nullptr, reinterpret_cast<void*>(static_cast<long>(deliverSignal)));
    deliverSignal = 0;
    if (waitpid(pid, &status, 0) != pid || WIFEXITED(status) || WIFSIGNALED(status)) break;
    ++totals.steps;
    if (WSTOPSIG(status) != SIGTRAP) {
      deliverSignal = WSTOPSIG(status);
      if (deliverSignal != SIGUSR1 && deliverSignal != SIGUSR2)
        std::printf("child stopped by signal %d after %s at %llx\n", deliverSignal, p.what.c_str(),
                    static_cast<unsigned long long>(p.rip));
    }
    user_regs_struct now;
    ptrace(PTRACE_GETREGS, pid, nullptr, &now);
    if (p.isSyscall) {
      signals.afterSyscall(static_cast<int64_t>(now.rax));
      SyscallEffect done = SyscallEffects::afterCall(call, syscallBefore, static_cast<int64_t>(now.rax), reader);
      p.afterSyscall = writes.ranges;
      p.afterSyscall.insert(p.afterSyscall.end(), done.writes.begin(), done.writes.end());
    }
    // New mappings appear only through system calls, signal frames (stack
    // growth) and the stack growing to a new low.
    const bool newLowStack = now.rsp < lowestStackPointer;
    lowestStackPointer = std::min<uint64_t>(lowestStackPointer, now.rsp);
    const bool mapsChanged = p.isSyscall || deliveringSignal || newLowStack;
    uint64_t lowest = ~uint64_t{0};
    memory.update(mapsChanged || totals.steps % kFullEvery == 0, p.whole, [&](uint64_t address) {
      lowest = std::min(lowest, address);
      ++totals.changedBytes;
      const char* broken = !inside(address, p.whole)                         ? "predicted"
                           : !inside(address, p.oneIteration)                ? "one-iteration"
                           : p.isSyscall && !inside(address, p.afterSyscall) ? "after system call"
                                                                             : nullptr;
      if (!broken) return;
      ++totals.violations;
      if (printed++ < 20)
        std::printf("FAIL (%s): step %llu at %llx (%s) changed byte %llx outside%s\n", broken, totals.steps,
                    static_cast<unsigned long long>(p.rip), p.what.c_str(), static_cast<unsigned long long>(address),
                    rangesText(p.whole).c_str());
    });
    // The frame prediction must also be tight: the kernel's lowest write is
    // the frame's first byte (its return address).
    if (deliveringSignal && (lowest < p.whole[0].address || lowest - p.whole[0].address >= 16)) {
      ++totals.looseFrames;
      std::printf("FAIL: signal frame predicted from %llx, written from %llx\n",
                  static_cast<unsigned long long>(p.whole[0].address), static_cast<unsigned long long>(lowest));
    }
  }
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  const bool exitedCleanly = WIFEXITED(status) && WEXITSTATUS(status) == 0;

  std::printf(
      "steps %llu (EVEX %llu, xsave* %llu, scatter %llu, rep iterations %llu, system calls %llu, "
      "signal frames %llu) in %.2f s\n",
      totals.steps, totals.evexSteps, totals.xsaveSteps, totals.scatterSteps, totals.repIterations, totals.syscalls,
      totals.signalFrames, seconds);
  std::printf(
      "one-iteration predictions: %.1f bytes per step from instructions, %llu from %llu system calls, "
      "%llu from signal frames\n",
      static_cast<double>(totals.instructionBytes) / static_cast<double>(totals.steps ? totals.steps : 1),
      totals.syscallBytes, totals.syscalls, totals.frameBytes);
  std::printf(
      "bytes changed %llu, bytes predicted %llu (whole rep ranges), unknown %llu, violations %llu, "
      "decode cache %zu entries\n",
      totals.changedBytes, totals.predictedBytes, totals.unknowns, totals.violations, analyzer.cache().size());

  checkThat(exitedCleanly, "the traced child ran its workload to the end and exited with 0");
  checkThat(totals.unknowns == 0, "no unknown instruction or system call");
  checkThat(totals.violations == 0, "every changed byte was predicted");
  const HostFeatures features = HostFeatures::detect();
  if (features.avx512) {
    checkThat(totals.evexSteps > 20, "EVEX instructions were executed and checked");
    checkThat(totals.scatterSteps >= 1, "a scatter was executed and checked");
  } else {
    std::printf("NOTE: this processor has no AVX-512; EVEX stores were not exercised here\n");
  }
  checkThat(totals.xsaveSteps >= 1u + features.xsavec + features.xsaveopt, "xsave-family instructions were checked");
  checkThat(totals.signalFrames == 2, "two signal frames were checked");
  checkThat(totals.looseFrames == 0, "signal frame predictions start at the frame");
  checkThat(totals.changedBytes > 10000, "the workload changed memory (the comparison saw it)");
  return checkSummary("record_singlestep_exactness_test");
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1 && std::strcmp(argv[1], "--traced-child") == 0) return child::run();
  return runParent("/proc/self/exe");
}
