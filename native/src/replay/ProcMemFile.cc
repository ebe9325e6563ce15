// ProcMemFile: pread/pwrite on /proc/PID/mem, whole lengths only.
#include "replay/ProcMemFile.h"

#include <fcntl.h>
#include <unistd.h>

#include <stdexcept>
#include <string>

namespace rwd {

ProcMemFile::ProcMemFile(pid_t pid) {
  const std::string path = "/proc/" + std::to_string(pid) + "/mem";
  fd_ = ::open(path.c_str(), O_RDWR | O_CLOEXEC);
  if (fd_ < 0) throw std::runtime_error("cannot open " + path);
}

ProcMemFile::~ProcMemFile() {
  if (fd_ >= 0) ::close(fd_);
}

bool ProcMemFile::read(uint64_t address, void* out, size_t length) const {
  size_t done = 0;
  while (done < length) {
    const ssize_t got =
        ::pread(fd_, static_cast<uint8_t*>(out) + done, length - done, static_cast<off_t>(address + done));
    if (got <= 0) return false;
    done += static_cast<size_t>(got);
  }
  return true;
}

bool ProcMemFile::write(uint64_t address, const void* in, size_t length) const {
  size_t done = 0;
  while (done < length) {
    const ssize_t put =
        ::pwrite(fd_, static_cast<const uint8_t*>(in) + done, length - done, static_cast<off_t>(address + done));
    if (put <= 0) return false;
    done += static_cast<size_t>(put);
  }
  return true;
}

}  // namespace rwd
