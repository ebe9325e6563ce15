// MemoryDigest: walks /proc/PID/maps and digests the writable mappings.
#include "replay/MemoryDigest.h"

#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "replay/Digest64.h"
#include "replay/SyscallBufferLayout.h"

namespace rwd {

namespace {
// The system-call buffer's control page (see the header).
constexpr unsigned long long kLeftOut = RWD_SYSCALLBUF_CONTROL_PAGE;
constexpr uint64_t kLeftOutMark = 0xC0A7C0A7C0A7C0A7ull;
}  // namespace

uint64_t MemoryDigest::ofWritableMemory(pid_t pid) {
  const std::string base = "/proc/" + std::to_string(pid);
  std::ifstream maps(base + "/maps");
  if (!maps) throw std::runtime_error("cannot read " + base + "/maps");
  const int mem = ::open((base + "/mem").c_str(), O_RDONLY | O_CLOEXEC);
  if (mem < 0) throw std::runtime_error("cannot open " + base + "/mem");
  Digest64 digest;
  std::vector<uint8_t> buffer(1 << 20);
  std::string line;
  uint64_t runEnd = 0;  // end of the last writable mapping digested
  while (std::getline(maps, line)) {
    unsigned long long start = 0, end = 0;
    char perms[8] = {};
    if (std::sscanf(line.c_str(), "%llx-%llx %7s", &start, &end, perms) != 3) continue;
    if (perms[1] != 'w') continue;
    // Adjacent mappings form one run: how the kernel splits or merges areas
    // (a file mapping beside anonymous memory, or not) is no difference.
    if (start != runEnd) {
      digest.updateWord(runEnd);
      digest.updateWord(start);
    }
    runEnd = end;
    for (unsigned long long at = start; at < end;) {
      if (at == kLeftOut) {
        digest.updateWord(kLeftOutMark);
        at += RWD_SYSCALLBUF_PAGE_SIZE;
        continue;
      }
      unsigned long long stop = std::min<unsigned long long>(end, at + buffer.size());
      if (at < kLeftOut && stop > kLeftOut) stop = kLeftOut;
      const size_t chunk = static_cast<size_t>(stop - at);
      const ssize_t got = ::pread(mem, buffer.data(), chunk, static_cast<off_t>(at));
      if (got <= 0) {
        // An unreadable page (PROT_NONE guard inside a writable mapping is not
        // possible; this is a vanished mapping): mark it and move on a page.
        digest.updateWord(0xDEAD0000DEAD0000ull ^ at);
        at += 4096;
        continue;
      }
      digest.update(buffer.data(), static_cast<size_t>(got));
      at += static_cast<unsigned long long>(got);
    }
  }
  ::close(mem);
  digest.updateWord(runEnd);
  return digest.value();
}

}  // namespace rwd
