// ProcMemFile: /proc/PID/mem of a stopped tracee, opened for reading and
// writing. Writes go through even to read-only pages (the kernel forces
// them for a tracer), which the engine needs for code stubs and for the
// contents of files it maps again in replay.
#pragma once

#include <sys/types.h>

#include <cstddef>
#include <cstdint>

namespace rwd {

class ProcMemFile {
 public:
  explicit ProcMemFile(pid_t pid);
  ~ProcMemFile();
  ProcMemFile(const ProcMemFile&) = delete;
  ProcMemFile& operator=(const ProcMemFile&) = delete;

  bool read(uint64_t address, void* out, size_t length) const;
  bool write(uint64_t address, const void* in, size_t length) const;

 private:
  int fd_ = -1;
};

}  // namespace rwd
