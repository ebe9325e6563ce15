// KernelDriverPort: the GpuDriverPort that makes the real system calls.
#pragma once

#include "gpu/GpuDriverPort.h"

namespace rwd {

class KernelDriverPort : public GpuDriverPort {
 public:
  int open(const std::string& path, int flags) override;
  int ioctl(int fd, unsigned long request, void* argument) override;
  ssize_t pread(int fd, void* buffer, size_t size, uint64_t offset) override;
  ssize_t pwrite(int fd, const void* buffer, size_t size, uint64_t offset) override;
  int close(int fd) override;
};

}  // namespace rwd
