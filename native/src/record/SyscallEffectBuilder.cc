// SyscallEffectBuilder: ranges from buffers, iovec arrays and msghdrs.
#include "record/SyscallEffectBuilder.h"

#include <algorithm>

namespace rwd {

namespace {
constexpr uint64_t kMaxIovecs = 1024;  // UIO_MAXIOV: more fails with EINVAL
}

void SyscallEffectBuilder::write(uint64_t address, uint64_t length) {
  if (address == 0 || length == 0) return;
  out_.writes.push_back(MemoryRange{address, length, false});
}

void SyscallEffectBuilder::resultBuffer(uint64_t address, uint64_t capacity) {
  write(address, after_ ? std::min(positiveResult(), capacity) : capacity);
}

bool SyscallEffectBuilder::readU32(uint64_t address, uint32_t& value) const {
  return address != 0 && reader_ && reader_(address, &value, sizeof value);
}

bool SyscallEffectBuilder::readU64(uint64_t address, uint64_t& value) const {
  return address != 0 && reader_ && reader_(address, &value, sizeof value);
}

void SyscallEffectBuilder::iovecs(uint64_t iovAddress, uint64_t count, bool limitToResult) {
  if (count > kMaxIovecs) return;
  uint64_t left = limitToResult && after_ ? positiveResult() : ~uint64_t{0};
  for (uint64_t i = 0; i < count && left > 0; ++i) {
    uint64_t base = 0, length = 0;
    if (!readU64(iovAddress + i * 16, base) || !readU64(iovAddress + i * 16 + 8, length)) return;
    uint64_t used = std::min(length, left);
    write(base, used);
    if (left != ~uint64_t{0}) left -= used;
  }
}

void SyscallEffectBuilder::socketAddress(uint64_t address, uint64_t lengthAddress) {
  if (address == 0 || lengthAddress == 0) return;
  uint32_t capacity = 0;
  write(lengthAddress, 4);
  if (readU32(lengthAddress, capacity)) write(address, capacity);
}

void SyscallEffectBuilder::receivedMessage(uint64_t msghdr, uint64_t dataLimit, bool limitData) {
  // struct msghdr: name 0, namelen 8, iov 16, iovlen 24, control 32, controllen 40, flags 48.
  uint64_t name = 0, iov = 0, iovCount = 0, control = 0, controlLength = 0;
  uint32_t nameLength = 0;
  if (!readU64(msghdr, name) || !readU32(msghdr + 8, nameLength) || !readU64(msghdr + 16, iov) ||
      !readU64(msghdr + 24, iovCount) || !readU64(msghdr + 32, control) || !readU64(msghdr + 40, controlLength))
    return;
  write(msghdr + 8, 4);   // msg_namelen
  write(msghdr + 40, 8);  // msg_controllen
  write(msghdr + 48, 4);  // msg_flags
  write(name, nameLength);
  write(control, controlLength);
  if (iovCount > kMaxIovecs) return;
  uint64_t left = limitData && after_ ? dataLimit : ~uint64_t{0};
  for (uint64_t i = 0; i < iovCount && left > 0; ++i) {
    uint64_t base = 0, length = 0;
    if (!readU64(iov + i * 16, base) || !readU64(iov + i * 16 + 8, length)) return;
    uint64_t used = std::min(length, left);
    write(base, used);
    if (left != ~uint64_t{0}) left -= used;
  }
}

void SyscallEffectBuilder::unknown(const std::string& why) {
  out_.known = false;
  out_.reason = why;
}

void SyscallEffectBuilder::kernelMaintained(uint64_t address, uint64_t length) {
  if (address != 0 && length != 0) out_.kernelMaintained.push_back(MemoryRange{address, length, false});
}

}  // namespace rwd
