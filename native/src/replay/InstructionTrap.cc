// InstructionTrap: decoding, running and applying rdtsc/rdtscp/cpuid.
#include "replay/InstructionTrap.h"

#include <asm/prctl.h>
#include <cpuid.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <x86intrin.h>

#include "record/RemoteMemory.h"
#include "replay/TscPatcher.h"

namespace rwd {

namespace {
constexpr uint32_t kRdrandBit = 1u << 30;  // cpuid 1: ecx
constexpr uint32_t kRdseedBit = 1u << 18;  // cpuid 7.0: ebx
constexpr uint32_t kHleBit = 1u << 4;      // cpuid 7.0: ebx
constexpr uint32_t kRtmBit = 1u << 11;     // cpuid 7.0: ebx
}  // namespace

std::optional<NativeEvent> InstructionTrap::recognize(pid_t pid, const user_regs_struct& regs,
                                                      const std::unordered_map<uint64_t, uint8_t>& patchedSites) {
  uint8_t code[3] = {};
  if (!RemoteMemory(pid, nullptr).read(regs.rip, code, 2)) return std::nullopt;
  NativeEvent event;
  event.rip = regs.rip;
  if (TscPatcher::isPatchedBytes(code)) {
    const auto site = patchedSites.find(regs.rip);
    if (site == patchedSites.end()) return std::nullopt;  // the program's own ud2
    event.kind = NativeEvent::Kind::Rdtsc;
    event.length = site->second;
    return event;
  }
  if (code[0] == 0x0F && code[1] == 0x31) {
    event.kind = NativeEvent::Kind::Rdtsc;
    event.length = 2;
    return event;
  }
  if (code[0] == 0x0F && code[1] == 0xA2) {
    event.kind = NativeEvent::Kind::Cpuid;
    event.length = 2;
    return event;
  }
  if (code[0] == 0x0F && code[1] == 0x01 && RemoteMemory(pid, nullptr).read(regs.rip, code, 3) && code[2] == 0xF9) {
    event.kind = NativeEvent::Kind::Rdtsc;
    event.length = 3;
    return event;
  }
  return std::nullopt;
}

void InstructionTrap::execute(NativeEvent& event, const user_regs_struct& regs) {
  if (event.kind == NativeEvent::Kind::Rdtsc) {
    unsigned int aux = 0;
    const uint64_t tsc = event.length == 3 ? __rdtscp(&aux) : __rdtsc();
    event.values[0] = tsc & 0xFFFFFFFFu;
    event.values[1] = 0;
    event.values[2] = event.length == 3 ? aux : regs.rcx;
    event.values[3] = tsc >> 32;
    return;
  }
  const uint32_t leaf = static_cast<uint32_t>(regs.rax);
  const uint32_t subleaf = static_cast<uint32_t>(regs.rcx);
  unsigned int a = 0, b = 0, c = 0, d = 0;
  __cpuid_count(leaf, subleaf, a, b, c, d);
  if (leaf == 1) c &= ~kRdrandBit;
  if (leaf == 7 && subleaf == 0) b &= ~(kRdseedBit | kHleBit | kRtmBit);
  event.values[0] = a;
  event.values[1] = b;
  event.values[2] = c;
  event.values[3] = d;
}

user_regs_struct InstructionTrap::apply(const NativeEvent& event, user_regs_struct regs) {
  regs.rax = event.values[0];
  regs.rdx = event.values[3];
  if (event.kind == NativeEvent::Kind::Cpuid) {
    regs.rbx = event.values[1];
    regs.rcx = event.values[2];
  } else if (event.length == 3) {
    regs.rcx = event.values[2];
  }
  regs.rip += event.length;
  return regs;
}

bool InstructionTrap::cpuidFaultingAvailable() {
  // Asking for cpuid to stay enabled changes nothing, and fails with ENODEV
  // where faulting is not supported.
  return ::syscall(SYS_arch_prctl, ARCH_SET_CPUID, 1) == 0;
}

}  // namespace rwd
