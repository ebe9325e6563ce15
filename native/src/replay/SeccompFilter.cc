// SeccompFilter: builds and installs the trace-everything-but filter.
#include "replay/SeccompFilter.h"

#include <linux/audit.h>
#include <linux/seccomp.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <cstddef>

#include "replay/SyscallBufferLayout.h"
#include "replay/SyscallPolicy.h"
#include "record/SyscallRuleTable.h"

namespace rwd {

namespace {
sock_filter statement(uint16_t code, uint32_t k) { return sock_filter{code, 0, 0, k}; }
sock_filter jump(uint16_t code, uint32_t k, uint8_t ifTrue, uint8_t ifFalse) {
  return sock_filter{code, ifTrue, ifFalse, k};
}
}  // namespace

std::vector<sock_filter> SeccompFilter::build() {
  std::vector<sock_filter> program;
  // Other architectures (int 0x80, x32) are traced: the engine then refuses them.
  program.push_back(statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, arch)));
  program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, AUDIT_ARCH_X86_64, 1, 0));
  program.push_back(statement(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
  // The system-call buffer's allowed instruction: its few calls run with no stop.
  const std::vector<uint64_t>& buffered = SyscallPolicy::bufferedCalls();
  const uint8_t count = static_cast<uint8_t>(buffered.size());
  const uint32_t ipLow = offsetof(seccomp_data, instruction_pointer);
  program.push_back(statement(BPF_LD | BPF_W | BPF_ABS, ipLow));
  program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(RWD_SYSCALLBUF_ALLOWED_IP), 0, count + 5));
  program.push_back(statement(BPF_LD | BPF_W | BPF_ABS, ipLow + 4));
  program.push_back(
      jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(RWD_SYSCALLBUF_ALLOWED_IP >> 32), 0, count + 3));
  program.push_back(statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
  for (uint8_t i = 0; i < count; ++i)
    program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(buffered[i]), count - i, 0));
  program.push_back(statement(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
  program.push_back(statement(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  program.push_back(statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, nr)));
  for (uint64_t number = 0; number < SyscallRuleTable::kSize; ++number) {
    if (!SyscallPolicy::untraced(number)) continue;
    program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, static_cast<uint32_t>(number), 0, 1));
    program.push_back(statement(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  }
  // mmap: anonymous mappings run untraced; file mappings are logged.
  program.push_back(jump(BPF_JMP | BPF_JEQ | BPF_K, SYS_mmap, 0, 4));
  program.push_back(statement(BPF_LD | BPF_W | BPF_ABS, offsetof(seccomp_data, args) + 3 * sizeof(uint64_t)));
  program.push_back(jump(BPF_JMP | BPF_JSET | BPF_K, MAP_ANONYMOUS, 0, 1));
  program.push_back(statement(BPF_RET | BPF_K, SECCOMP_RET_ALLOW));
  program.push_back(statement(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
  program.push_back(statement(BPF_RET | BPF_K, SECCOMP_RET_TRACE));
  return program;
}

bool SeccompFilter::install(const std::vector<sock_filter>& program) {
  sock_fprog fprog{static_cast<unsigned short>(program.size()), const_cast<sock_filter*>(program.data())};
  return ::syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &fprog) == 0;
}

}  // namespace rwd
