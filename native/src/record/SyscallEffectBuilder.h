// SyscallEffectBuilder: the vocabulary the system call rules are written in.
// A rule runs twice: before the call (`after()` false: describe every range
// the kernel may write, so pre-images can be saved) and after it (`after()`
// true, `result()` valid: narrow to what was written, e.g. read's first
// `result` bytes). It reads argument structures (iovecs, msghdr, socklen_t)
// through the caller's memory reader; an unreadable structure means the
// kernel cannot read it either and fails with EFAULT, so it adds nothing.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>

#include "record/SyscallCall.h"
#include "record/SyscallEffect.h"

namespace rwd {

using MemoryReader = std::function<bool(uint64_t address, void* out, size_t length)>;

class SyscallEffectBuilder {
 public:
  SyscallEffectBuilder(const SyscallCall& call, bool after, int64_t result, const MemoryReader& reader,
                       SyscallEffect& out)
      : call_(call), after_(after), result_(result), reader_(reader), out_(out) {}

  uint64_t arg(int index) const { return call_.args[index]; }
  bool after() const { return after_; }
  int64_t result() const { return result_; }
  // The result when positive (bytes, events, entries); 0 before the call or on failure.
  uint64_t positiveResult() const { return after_ && result_ > 0 ? static_cast<uint64_t>(result_) : 0; }

  // [address, address + length) unless address is null or length 0.
  void write(uint64_t address, uint64_t length);
  // A buffer of `capacity` bytes of which the call fills the first `result`.
  void resultBuffer(uint64_t address, uint64_t capacity);
  // An array of `count` iovecs at `iovAddress`; after the call only the first
  // `limit` bytes across them.
  void iovecs(uint64_t iovAddress, uint64_t count, bool limitToResult);
  // A socket address buffer with its socklen_t in/out length.
  void socketAddress(uint64_t address, uint64_t lengthAddress);
  // A struct msghdr the kernel fills (recvmsg): name, iov data, control, lengths.
  void receivedMessage(uint64_t msghdrAddress, uint64_t dataLimit, bool limitData);

  bool readU32(uint64_t address, uint32_t& value) const;
  bool readU64(uint64_t address, uint64_t& value) const;

  void unknown(const std::string& why);
  void mapChange(const MemoryMapChange& change) { out_.mapChanges.push_back(change); }
  void newTaskSharesMemory() { out_.newTaskSharesMemory = true; }
  void kernelMaintained(uint64_t address, uint64_t length);

 private:
  const SyscallCall& call_;
  bool after_;
  int64_t result_;
  const MemoryReader& reader_;
  SyscallEffect& out_;
};

}  // namespace rwd
