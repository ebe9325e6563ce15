// GpuDriverPort: the file-descriptor calls a GPU debug backend makes
// (open, ioctl, pread, pwrite, close). The real port passes them to the
// kernel; the simulated devices (gpu/sim/) answer them in-process, so the
// backend code under test is the code that runs against hardware.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>
#include <string>

namespace rwd {

class GpuDriverPort {
 public:
  virtual ~GpuDriverPort() = default;
  // Each returns what the system call returns: -1 with errno set on failure.
  virtual int open(const std::string& path, int flags) = 0;
  virtual int ioctl(int fd, unsigned long request, void* argument) = 0;
  virtual ssize_t pread(int fd, void* buffer, size_t size, uint64_t offset) = 0;
  virtual ssize_t pwrite(int fd, const void* buffer, size_t size, uint64_t offset) = 0;
  virtual int close(int fd) = 0;
};

}  // namespace rwd
