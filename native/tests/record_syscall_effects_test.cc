// Unit test of SyscallEffects, SyscallNames, SignalFrameEffects and
// SignalStackTracker: for given arguments (and argument structures in a fake
// memory), the ranges the kernel may write before the call and did write
// after it, the memory-map changes, the unknown cases with their messages,
// the signal frame placement on the normal and the alternate stack, and the
// tracking of the calls that decide it.
#include <cerrno>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "record/SignalFrameEffects.h"
#include "record/SignalStackTracker.h"
#include "record/SyscallEffects.h"
#include "record/SyscallNames.h"
#include "record/XsaveLayout.h"
#include "support/Check.h"

using namespace rwd;

namespace {

MemoryRange r(uint64_t address, uint64_t length) { return MemoryRange{address, length, false}; }

std::string text(const std::vector<MemoryRange>& ranges) {
  std::string out = "{";
  char buffer[64];
  for (const MemoryRange& range : ranges) {
    std::snprintf(buffer, sizeof buffer, " [0x%llx,+%llu]", static_cast<unsigned long long>(range.address),
                  static_cast<unsigned long long>(range.length));
    out += buffer;
  }
  return out + " }";
}

// A sparse fake address space for argument structures.
class FakeMemory {
 public:
  void put(uint64_t address, const void* data, size_t length) {
    const auto* bytes = static_cast<const uint8_t*>(data);
    for (size_t i = 0; i < length; ++i) bytes_[address + i] = bytes[i];
  }
  void putU64(uint64_t address, uint64_t value) { put(address, &value, 8); }
  void putU32(uint64_t address, uint32_t value) { put(address, &value, 4); }
  MemoryReader reader() const {
    return [this](uint64_t address, void* out, size_t length) {
      auto* bytes = static_cast<uint8_t*>(out);
      for (size_t i = 0; i < length; ++i) {
        auto found = bytes_.find(address + i);
        if (found == bytes_.end()) return false;
        bytes[i] = found->second;
      }
      return true;
    };
  }

 private:
  std::map<uint64_t, uint8_t> bytes_;
};

SyscallCall callOf(const char* name, std::initializer_list<uint64_t> args) {
  SyscallCall call;
  const int64_t number = SyscallNames::number(name);
  checkThat(number >= 0, std::string("a number for ") + name);
  call.number = static_cast<uint64_t>(number);
  int i = 0;
  for (uint64_t arg : args) call.args[i++] = arg;
  return call;
}

void expectRanges(const std::string& what, const std::vector<MemoryRange>& actual,
                  const std::vector<MemoryRange>& expected) {
  checkThat(actual == expected, what + ": " + text(actual) + " expected " + text(expected));
}

// Before-call ranges, then after-call ranges for `result`.
void expectCall(const char* name, std::initializer_list<uint64_t> args, const FakeMemory& memory,
                const std::vector<MemoryRange>& before, int64_t result, const std::vector<MemoryRange>& after) {
  const SyscallCall call = callOf(name, args);
  const SyscallEffect effect = SyscallEffects::beforeCall(call, memory.reader());
  checkThat(effect.known, std::string(name) + " is known");
  checkThat(effect.name == name, std::string(name) + ": effect names the call (" + effect.name + ")");
  expectRanges(std::string(name) + " before", effect.writes, before);
  const SyscallEffect done = SyscallEffects::afterCall(call, effect, result, memory.reader());
  expectRanges(std::string(name) + " after " + std::to_string(result), done.writes, after);
}

void testBuffers() {
  FakeMemory memory;
  expectCall("read", {3, 0x1000, 100}, memory, {r(0x1000, 100)}, 40, {r(0x1000, 40)});
  expectCall("read", {3, 0x1000, 100}, memory, {r(0x1000, 100)}, -EAGAIN, {});
  expectCall("read", {3, 0x1000, 100}, memory, {r(0x1000, 100)}, -EFAULT, {r(0x1000, 100)});
  expectCall("pread64", {3, 0x1000, 100, 7}, memory, {r(0x1000, 100)}, 100, {r(0x1000, 100)});
  expectCall("getrandom", {0x1800, 32, 0}, memory, {r(0x1800, 32)}, 32, {r(0x1800, 32)});
  expectCall("getdents64", {3, 0x2000, 4096}, memory, {r(0x2000, 4096)}, 0, {});
  expectCall("readlinkat", {0, 0x10, 0x3000, 256}, memory, {r(0x3000, 256)}, 12, {r(0x3000, 12)});
  expectCall("getcwd", {0x3000, 512}, memory, {r(0x3000, 512)}, 9, {r(0x3000, 9)});

  // readv: three iovecs in memory; 15 bytes fill the first and part of the second.
  const uint64_t iov = 0x9000;
  memory.putU64(iov, 0x2000);
  memory.putU64(iov + 8, 10);
  memory.putU64(iov + 16, 0x3000);
  memory.putU64(iov + 24, 20);
  memory.putU64(iov + 32, 0x4000);
  memory.putU64(iov + 40, 5);
  expectCall("readv", {3, iov, 3}, memory, {r(0x2000, 10), r(0x3000, 20), r(0x4000, 5)}, 15,
             {r(0x2000, 10), r(0x3000, 5)});
  // An unreadable iovec array: the kernel fails with EFAULT, nothing is written.
  expectCall("readv", {3, 0xdead0000, 2}, memory, {}, -EFAULT, {});
}

void testStructures() {
  FakeMemory memory;
  expectCall("pipe2", {0x5000, 0}, memory, {r(0x5000, 8)}, 0, {r(0x5000, 8)});
  expectCall("wait4", {static_cast<uint64_t>(-1), 0x6000, 0, 0x7000}, memory, {r(0x6000, 4), r(0x7000, 144)}, 1234,
             {r(0x6000, 4), r(0x7000, 144)});
  expectCall("wait4", {static_cast<uint64_t>(-1), 0x6000, 1, 0}, memory, {r(0x6000, 4)}, 0, {});  // WNOHANG
  expectCall("clock_gettime", {1, 0x8000}, memory, {r(0x8000, 16)}, 0, {r(0x8000, 16)});
  expectCall("gettimeofday", {0x8000, 0}, memory, {r(0x8000, 16)}, 0, {r(0x8000, 16)});
  expectCall("rt_sigaction", {10, 0x100, 0x9000, 8}, memory, {r(0x9000, 32)}, 0, {r(0x9000, 32)});
  expectCall("rt_sigaction", {10, 0x100, 0, 8}, memory, {}, 0, {});
  expectCall("rt_sigprocmask", {0, 0, 0x9100, 8}, memory, {r(0x9100, 8)}, 0, {r(0x9100, 8)});
  expectCall("uname", {0xa000}, memory, {r(0xa000, 390)}, 0, {r(0xa000, 390)});
  expectCall("newfstatat", {3, 0x10, 0xa400, 0}, memory, {r(0xa400, 144)}, 0, {r(0xa400, 144)});
  expectCall("statx", {3, 0x10, 0, 0x7ff, 0xa800}, memory, {r(0xa800, 256)}, 0, {r(0xa800, 256)});
  expectCall("prlimit64", {0, 7, 0, 0xb000}, memory, {r(0xb000, 16)}, 0, {r(0xb000, 16)});
  expectCall("sched_getaffinity", {0, 128, 0xb100}, memory, {r(0xb100, 128)}, 8, {r(0xb100, 8)});
  // poll writes revents even when interrupted.
  expectCall("poll", {0xc000, 3, 100}, memory, {r(0xc000, 24)}, -EINTR, {r(0xc000, 24)});
  expectCall("epoll_wait", {5, 0xc100, 10, 0}, memory, {r(0xc100, 120)}, 2, {r(0xc100, 24)});
  expectCall("nanosleep", {0xc200, 0xc300}, memory, {r(0xc300, 16)}, -EINTR, {r(0xc300, 16)});
  expectCall("clock_nanosleep", {1, 1, 0xc200, 0xc300}, memory, {}, 0, {});             // TIMER_ABSTIME: no remainder
  expectCall("ioctl", {1, 0x5413, 0xd000}, memory, {r(0xd000, 8)}, 0, {r(0xd000, 8)});  // TIOCGWINSZ
  expectCall("ioctl", {1, 0x5401, 0xd000}, memory, {r(0xd000, 36)}, -ENOTTY, {});       // TCGETS fails
  expectCall("ioctl", {1, 0x541B, 0xd000}, memory, {r(0xd000, 4)}, 0, {r(0xd000, 4)});  // FIONREAD
  expectCall("futex", {0xe000, 0, 1, 0, 0, 0}, memory, {}, 0, {});                      // FUTEX_WAIT
  expectCall("futex", {0xe000, 5 | 128, 1, 1, 0xe100, 0}, memory, {r(0xe100, 4)}, 1, {r(0xe100, 4)});  // WAKE_OP
  expectCall("write", {1, 0x1000, 10}, memory, {}, 10, {});
  expectCall("arch_prctl", {0x1003, 0xe200}, memory, {r(0xe200, 8)}, 0, {r(0xe200, 8)});  // ARCH_GET_FS

  // getsockname: the length is in/out; the address buffer is as long as it says.
  memory.putU32(0xf100, 16);
  expectCall("getsockname", {3, 0xf000, 0xf100}, memory, {r(0xf100, 4), r(0xf000, 16)}, 0,
             {r(0xf100, 4), r(0xf000, 16)});

  // recvmsg: msghdr with a name, two iovecs and control data.
  const uint64_t msg = 0x20000, iov = 0x21000;
  memory.putU64(msg, 0x22000);       // msg_name
  memory.putU32(msg + 8, 16);        // msg_namelen
  memory.putU64(msg + 16, iov);      // msg_iov
  memory.putU64(msg + 24, 2);        // msg_iovlen
  memory.putU64(msg + 32, 0x23000);  // msg_control
  memory.putU64(msg + 40, 32);       // msg_controllen
  memory.putU64(iov, 0x24000);
  memory.putU64(iov + 8, 4);
  memory.putU64(iov + 16, 0x25000);
  memory.putU64(iov + 24, 100);
  const std::vector<MemoryRange> header = {r(msg + 8, 4), r(msg + 40, 8), r(msg + 48, 4), r(0x22000, 16),
                                           r(0x23000, 32)};
  std::vector<MemoryRange> before = header, after = header;
  before.push_back(r(0x24000, 4));
  before.push_back(r(0x25000, 100));
  after.push_back(r(0x24000, 4));
  after.push_back(r(0x25000, 6));
  expectCall("recvmsg", {3, msg, 0}, memory, before, 10, after);
}

void testMemoryMapAndProcesses() {
  FakeMemory memory;
  // mmap without MAP_FIXED replaces nothing; its map change names the result.
  SyscallCall call = callOf("mmap", {0, 10000, 3, 0x22, static_cast<uint64_t>(-1), 0});
  SyscallEffect before = SyscallEffects::beforeCall(call, memory.reader());
  checkThat(before.known && before.writes.empty() && before.mapChanges.size() == 1, "mmap: one map change, no writes");
  SyscallEffect after = SyscallEffects::afterCall(call, before, 0x7f0000000000, memory.reader());
  checkThat(after.mapChanges.size() == 1 && after.mapChanges[0].kind == MemoryMapChange::Kind::Map &&
                after.mapChanges[0].address == 0x7f0000000000 && after.mapChanges[0].length == 12288,
            "mmap after: mapped at the result, page-rounded length");
  after = SyscallEffects::afterCall(call, before, -ENOMEM, memory.reader());
  checkThat(after.mapChanges.empty() && after.writes.empty(), "failed mmap changes nothing");
  // MAP_FIXED replaces what was there: save it first.
  call = callOf("mmap", {0x400000, 4096, 3, 0x32, static_cast<uint64_t>(-1), 0});
  before = SyscallEffects::beforeCall(call, memory.reader());
  expectRanges("mmap MAP_FIXED", before.writes, {r(0x400000, 4096)});
  call = callOf("munmap", {0x500000, 5000});
  before = SyscallEffects::beforeCall(call, memory.reader());
  expectRanges("munmap", before.writes, {r(0x500000, 8192)});
  checkThat(before.mapChanges.size() == 1 && before.mapChanges[0].kind == MemoryMapChange::Kind::Unmap,
            "munmap: unmap");
  call = callOf("mprotect", {0x500000, 4096, 1});
  before = SyscallEffects::beforeCall(call, memory.reader());
  checkThat(before.writes.empty() && before.mapChanges.size() == 1 &&
                before.mapChanges[0].kind == MemoryMapChange::Kind::Protect && before.mapChanges[0].protection == 1,
            "mprotect: a protection change");
  call = callOf("brk", {0x600000});
  before = SyscallEffects::beforeCall(call, memory.reader());
  after = SyscallEffects::afterCall(call, before, 0x601000, memory.reader());
  checkThat(after.mapChanges.size() == 1 && after.mapChanges[0].kind == MemoryMapChange::Kind::Break &&
                after.mapChanges[0].address == 0x601000,
            "brk: the new break");
  call = callOf("madvise", {0x500000, 4096, 4});  // MADV_DONTNEED drops the contents
  before = SyscallEffects::beforeCall(call, memory.reader());
  expectRanges("madvise DONTNEED", before.writes, {r(0x500000, 4096)});
  // clone for a thread: parent tid written, memory shared, child tid cleared at exit.
  const uint64_t flags = 0x100 | 0x00100000 | 0x00200000;
  call = callOf("clone", {flags, 0x7000000, 0x8000, 0x8100, 0});
  before = SyscallEffects::beforeCall(call, memory.reader());
  expectRanges("clone", before.writes, {r(0x8000, 4)});
  checkThat(before.newTaskSharesMemory, "clone(CLONE_VM): a task shares the memory");
  expectRanges("clone kernel-maintained", before.kernelMaintained, {r(0x8100, 4)});
  call = callOf("execve", {0x10, 0x20, 0x30});
  before = SyscallEffects::beforeCall(call, memory.reader());
  checkThat(before.mapChanges.size() == 1 && before.mapChanges[0].kind == MemoryMapChange::Kind::Replace,
            "execve replaces the address space");
}

void testUnknown() {
  FakeMemory memory;
  struct Case {
    SyscallCall call;
    std::string inMessage;
  };
  const Case cases[] = {
      {callOf("io_uring_setup", {8, 0x1000}), "'io_uring_setup'"},
      {callOf("ioctl", {3, 0x1234, 0x1000}), "ioctl request 0x1234"},
      {callOf("madvise", {0x1000, 4096, 8}), "MADV_FREE"},
      {callOf("fcntl", {3, 9999, 0}), "fcntl command 9999"},
      {callOf("bpf", {0, 0x1000, 64}), "'bpf'"},
      {SyscallCall{1000, {}}, "'syscall 1000'"},
  };
  for (const Case& c : cases) {
    const SyscallEffect effect = SyscallEffects::beforeCall(c.call, memory.reader());
    checkThat(!effect.known, "unknown: " + effect.name);
    checkThat(effect.writes.empty(), "unknown calls claim no ranges: " + effect.name);
    const std::string message = effect.message();
    checkThat(
        message.find(c.inMessage) != std::string::npos && message.find("recording stopped here") != std::string::npos,
        "message '" + message + "' mentions " + c.inMessage);
  }
}

void testNames() {
  checkThat(std::string(SyscallNames::name(0)) == "read", "0 is read");
  checkThat(std::string(SyscallNames::name(231)) == "exit_group", "231 is exit_group");
  checkThat(std::string(SyscallNames::name(435)) == "clone3", "435 is clone3");
  checkThat(std::string(SyscallNames::name(451)) == "cachestat", "451 is cachestat");
  checkThat(SyscallNames::describe(1000) == "syscall 1000", "unknown numbers are described by number");
  checkThat(SyscallNames::number("pipe2") == 293, "pipe2 is 293");
  int known = 0;
  for (uint64_t number = 0; number < 512; ++number) known += SyscallEffects::hasEntry(number);
  checkThat(known > 300, "the table covers most system calls (" + std::to_string(known) + ")");
}

void testSignalFrames() {
  // Normal stack: red zone, fpstate (2816 + 4) aligned to 64, rt_sigframe
  // (440), 16-byte alignment minus 8. Worked by hand:
  // top 0x7ffeff80; fpstate 0x7ffef440; frame 0x7ffef288 -> 0x7ffef278.
  const MemoryRange normal = SignalFrameEffects::frame(0x7fff0000, 2816, false, {});
  checkThat(normal == r(0x7ffef278, 0x7ffeff80 - 0x7ffef278), "frame on the normal stack");
  // SA_ONSTACK with an alternate stack [0x600000, 0x610000): top 0x610000;
  // fpstate 0x60f4c0; frame 0x60f308 -> 0x60f2f8.
  const AlternateSignalStack alt{0x600000, 0x10000, true};
  const MemoryRange onAlt = SignalFrameEffects::frame(0x7fff0000, 2816, true, alt);
  checkThat(onAlt == r(0x60f2f8, 0x610000 - 0x60f2f8), "frame on the alternate stack");
  // Already on the alternate stack: below the current rsp and its red zone.
  const MemoryRange nested = SignalFrameEffects::frame(0x608000, 2816, true, alt);
  checkThat(nested.end() == 0x608000 - 128, "nested frame stays below rsp on the alternate stack");
  // No SA_ONSTACK: the alternate stack is not used.
  checkThat(SignalFrameEffects::frame(0x7fff0000, 2816, false, alt) == normal, "without SA_ONSTACK, the normal stack");

  const XsaveLayout layout = XsaveLayout::query();
  checkThat(layout.areaSize >= XsaveLayout::kLegacyAndHeader, "xsave area at least legacy + header");
  checkThat(
      layout.signalFrameXstateSize >= XsaveLayout::kLegacyAndHeader && layout.signalFrameXstateSize <= layout.areaSize,
      "signal frame xstate size within the area size");
  checkThat(layout.bytesWritten(~uint64_t{0}, false) == layout.areaSize || layout.enabledFeatures == 0,
            "saving every enabled feature in standard format takes the whole area");
}

void testSignalStackTracker() {
  XsaveLayout layout = XsaveLayout::withAreaSize(11008);
  layout.signalFrameXstateSize = 2816;
  SignalStackTracker tracker(layout);
  FakeMemory memory;
  const uint64_t rsp = 0x7fff0000;
  checkThat(tracker.frameFor(12, rsp) == SignalFrameEffects::frame(rsp, 2816, false, {}), "default: normal stack");

  // rt_sigaction(SIGUSR2, act) with SA_ONSTACK in act->sa_flags.
  memory.putU64(0x1008, 0x08000000);
  tracker.beforeSyscall(callOf("rt_sigaction", {12, 0x1000, 0, 8}), memory.reader());
  tracker.afterSyscall(0);
  checkThat(tracker.handlerOnAltStack(12) && !tracker.handlerOnAltStack(10), "SA_ONSTACK recorded for SIGUSR2 only");

  // sigaltstack: a failed call changes nothing, a successful one installs the stack.
  memory.putU64(0x2000, 0x600000);  // ss_sp
  memory.putU32(0x2008, 0);         // ss_flags
  memory.putU64(0x2010, 0x10000);   // ss_size
  tracker.beforeSyscall(callOf("sigaltstack", {0x2000, 0}), memory.reader());
  tracker.afterSyscall(-EINVAL);
  checkThat(!tracker.altStack().enabled, "a failed sigaltstack installs nothing");
  tracker.beforeSyscall(callOf("sigaltstack", {0x2000, 0}), memory.reader());
  tracker.afterSyscall(0);
  checkThat(tracker.altStack().enabled && tracker.altStack().base == 0x600000 && tracker.altStack().size == 0x10000,
            "sigaltstack installs the stack");
  checkThat(tracker.frameFor(12, rsp) == SignalFrameEffects::frame(rsp, 2816, true, tracker.altStack()) &&
                tracker.frameFor(12, rsp).end() == 0x610000,
            "SIGUSR2 frames go on the alternate stack");
  checkThat(tracker.frameFor(10, rsp).end() == rsp - 128, "SIGUSR1 frames stay on the normal stack");

  // act and oldact in the same buffer: the flags are read before the call.
  memory.putU64(0x1008, 0);
  tracker.beforeSyscall(callOf("rt_sigaction", {12, 0x1000, 0x1000, 8}), memory.reader());
  memory.putU64(0x1008, 0x08000000);  // the kernel wrote the old action there
  tracker.afterSyscall(0);
  checkThat(!tracker.handlerOnAltStack(12), "the new action's flags are the ones read before the call");

  // AMX permission: later frames carry the whole xsave area.
  checkThat(tracker.xstateSize() == 2816, "default signal xstate size");
  tracker.beforeSyscall(callOf("arch_prctl", {0x1023, 18}), memory.reader());
  tracker.afterSyscall(0);
  checkThat(tracker.xstateSize() == 11008, "after ARCH_REQ_XCOMP_PERM frames hold the whole area");
}

}  // namespace

int main() {
  testBuffers();
  testStructures();
  testMemoryMapAndProcesses();
  testUnknown();
  testNames();
  testSignalFrames();
  testSignalStackTracker();
  return checkSummary("record_syscall_effects_test");
}
