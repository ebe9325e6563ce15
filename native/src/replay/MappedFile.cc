// MappedFile: identity capture and checked reloading of mapped files.
#include "replay/MappedFile.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <climits>
#include <stdexcept>

#include "replay/Digest64.h"

namespace rwd {

namespace {

int64_t modifiedNanoseconds(const struct stat& status) {
  return static_cast<int64_t>(status.st_mtim.tv_sec) * 1000000000 + status.st_mtim.tv_nsec;
}

}  // namespace

std::vector<uint8_t> MappedFile::readFrom(int fd) const {
  std::vector<uint8_t> bytes(length, 0);
  const uint64_t available = offset < size ? std::min<uint64_t>(length, size - offset) : 0;
  size_t done = 0;
  while (done < available) {
    const ssize_t got = ::pread(fd, bytes.data() + done, available - done, static_cast<off_t>(offset + done));
    if (got <= 0) break;
    done += static_cast<size_t>(got);
  }
  return bytes;
}

MappedFile MappedFile::capture(pid_t pid, int fd, uint64_t address, uint64_t length, uint64_t offset) {
  const std::string link = "/proc/" + std::to_string(pid) + "/fd/" + std::to_string(fd);
  MappedFile file;
  char target[PATH_MAX] = {};
  const ssize_t got = ::readlink(link.c_str(), target, sizeof target - 1);
  if (got <= 0) throw std::runtime_error("cannot see which file descriptor " + std::to_string(fd) + " maps");
  file.path.assign(target, static_cast<size_t>(got));
  const int own = ::open(link.c_str(), O_RDONLY | O_CLOEXEC);
  if (own < 0) throw std::runtime_error("cannot open the mapped file " + file.path);
  struct stat status {};
  ::fstat(own, &status);
  file.address = address;
  file.length = (length + 4095) & ~uint64_t{4095};  // the whole last page shows file bytes
  file.offset = offset;
  file.device = status.st_dev;
  file.inode = status.st_ino;
  file.size = static_cast<uint64_t>(status.st_size);
  file.modifiedNs = modifiedNanoseconds(status);
  const std::vector<uint8_t> bytes = file.readFrom(own);
  ::close(own);
  Digest64 digest;
  digest.update(bytes.data(), bytes.size());
  file.digest = digest.value();
  return file;
}

void MappedFile::checkUnchanged() const {
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0)
    throw std::runtime_error("the file " + path +
                             ", mapped by the recorded program, is gone; this recording cannot be replayed");
  if (status.st_dev != device || status.st_ino != inode || static_cast<uint64_t>(status.st_size) != size ||
      modifiedNanoseconds(status) != modifiedNs) {
    throw std::runtime_error("the file " + path +
                             ", mapped by the recorded program, changed since it was recorded; this recording "
                             "cannot be replayed (record again)");
  }
}

std::vector<uint8_t> MappedFile::contentsForReplay() const {
  checkUnchanged();
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ", mapped by the recorded program");
  std::vector<uint8_t> bytes = readFrom(fd);
  ::close(fd);
  Digest64 check;
  check.update(bytes.data(), bytes.size());
  if (check.value() != digest) {
    throw std::runtime_error("the contents of " + path +
                             ", mapped by the recorded program, changed since it was recorded; this recording "
                             "cannot be replayed (record again)");
  }
  return bytes;
}

}  // namespace rwd
