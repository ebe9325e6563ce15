// OutputDigest: reads the call's buffers from the tracee and digests them.
#include "replay/OutputDigest.h"

#include <sys/syscall.h>
#include <sys/uio.h>

#include <vector>

#include "record/RemoteMemory.h"
#include "replay/Digest64.h"
#include "replay/SyscallPolicy.h"

namespace rwd {

namespace {
constexpr uint64_t kMaxIovecs = 1024;

void digestBytes(const uint8_t* bytes, uint64_t length, Digest64& digest) {
  digest.updateWord(length);
  digest.update(bytes, length);
}

void digestBuffer(const RemoteMemory& memory, uint64_t address, uint64_t length, Digest64& digest) {
  std::vector<uint8_t> bytes(length);
  if (length > 0 && !memory.read(address, bytes.data(), length)) {
    digest.updateWord(0xBADBADBADull ^ address ^ (length << 20));  // unreadable: the kernel fails with EFAULT
    return;
  }
  digestBytes(bytes.data(), length, digest);
}

constexpr uint64_t kNeverZero = 1;  // a digest is never 0, which means "none"
}  // namespace

uint64_t OutputDigest::of(pid_t pid, const SyscallCall& call) {
  if (!SyscallPolicy::writesOut(call.number)) return 0;
  const RemoteMemory memory(pid, nullptr);
  Digest64 digest;
  digest.updateWord(call.number);
  switch (call.number) {
    case SYS_write:
    case SYS_pwrite64:
    case SYS_sendto:
      digestBuffer(memory, call.args[1], call.args[2], digest);
      break;
    default: {  // writev family: an iovec array
      const uint64_t count = call.args[2] < kMaxIovecs ? call.args[2] : kMaxIovecs;
      std::vector<iovec> vectors(count);
      if (count > 0 && !memory.read(call.args[1], vectors.data(), count * sizeof(iovec))) {
        digest.updateWord(0xBADBADBADull);
        break;
      }
      for (const iovec& vector : vectors)
        digestBuffer(memory, reinterpret_cast<uint64_t>(vector.iov_base), vector.iov_len, digest);
    }
  }
  return digest.value() | kNeverZero;
}

uint64_t OutputDigest::ofOneBuffer(uint64_t number, const uint8_t* bytes, size_t length) {
  Digest64 digest;
  digest.updateWord(number);
  digestBytes(bytes, length, digest);
  return digest.value() | kNeverZero;
}

}  // namespace rwd
