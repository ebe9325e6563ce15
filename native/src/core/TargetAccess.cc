// TargetAccess: the default readers of a traced thread's x87/SSE state and
// XSAVE image, with ptrace.
#include "core/TargetAccess.h"

#include <elf.h>
#include <sys/ptrace.h>
#include <sys/uio.h>

namespace rwd {

namespace {
// Larger than any XSAVE area a CPU has today (AMX tiles included).
constexpr size_t kMaxXstateBytes = 16384;
}  // namespace

bool TargetAccess::readFpuRegisters(pid_t tid, user_fpregs_struct& fpu) {
  return ::ptrace(PTRACE_GETFPREGS, tid, nullptr, &fpu) == 0;
}

std::vector<uint8_t> TargetAccess::readXstate(pid_t tid) {
  std::vector<uint8_t> image(kMaxXstateBytes);
  iovec io{image.data(), image.size()};
  if (::ptrace(PTRACE_GETREGSET, tid, reinterpret_cast<void*>(NT_X86_XSTATE), &io) != 0) return {};
  image.resize(io.iov_len);
  return image;
}

}  // namespace rwd
