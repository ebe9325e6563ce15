// KernelDriverPort: each call goes straight to the kernel.
#include "gpu/KernelDriverPort.h"

#include <fcntl.h>
#include <sys/ioctl.h>
#include <unistd.h>

namespace rwd {

int KernelDriverPort::open(const std::string& path, int flags) { return ::open(path.c_str(), flags | O_CLOEXEC); }
int KernelDriverPort::ioctl(int fd, unsigned long request, void* argument) { return ::ioctl(fd, request, argument); }
ssize_t KernelDriverPort::pread(int fd, void* buffer, size_t size, uint64_t offset) {
  return ::pread(fd, buffer, size, static_cast<off_t>(offset));
}
ssize_t KernelDriverPort::pwrite(int fd, const void* buffer, size_t size, uint64_t offset) {
  return ::pwrite(fd, buffer, size, static_cast<off_t>(offset));
}
int KernelDriverPort::close(int fd) { return ::close(fd); }

}  // namespace rwd
