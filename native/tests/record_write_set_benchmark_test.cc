// Micro-benchmark of the recorder's per-instruction analysis on real code
// (the .text of this machine's libc): the cost of digesting an instruction
// the first time (Capstone or the VEX/EVEX digester), and the per-step cost
// once it is cached (hash lookup, byte check, write-set arithmetic), which
// is what a recording step pays. Timings are printed, not asserted; the
// assertions check that the steady state really is all cache hits and that
// every instruction of libc is understood (none is Unknown).
#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/user.h>
#include <unistd.h>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include "record/WriteSetAnalyzer.h"
#include "record/XsaveLayout.h"
#include "support/Check.h"

using namespace rwd;

namespace {

struct Text {
  uint64_t address = 0, size = 0;
  const uint8_t* bytes = nullptr;
};

bool loadText(const char* path, Text& text) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return false;
  struct stat info;
  fstat(fd, &info);
  void* mapped = mmap(nullptr, info.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (mapped == MAP_FAILED) return false;
  const auto* base = static_cast<const uint8_t*>(mapped);
  const auto* header = reinterpret_cast<const Elf64_Ehdr*>(base);
  const auto* sections = reinterpret_cast<const Elf64_Shdr*>(base + header->e_shoff);
  const char* names = reinterpret_cast<const char*>(base + sections[header->e_shstrndx].sh_offset);
  for (int i = 0; i < header->e_shnum; ++i) {
    if (std::strcmp(names + sections[i].sh_name, ".text") != 0) continue;
    text = Text{sections[i].sh_addr, sections[i].sh_size, base + sections[i].sh_offset};
    return true;
  }
  return false;
}

double nanosecondsSince(std::chrono::steady_clock::time_point start, uint64_t count) {
  return std::chrono::duration<double, std::nano>(std::chrono::steady_clock::now() - start).count() /
         static_cast<double>(count ? count : 1);
}

}  // namespace

int main() {
  Text text;
  if (!loadText("/lib/x86_64-linux-gnu/libc.so.6", text)) {
    std::printf("FAIL: cannot read libc's .text\n");
    return 1;
  }
  const XsaveLayout layout = XsaveLayout::query();
  WriteSetAnalyzer analyzer(layout, RepeatedString::OneIteration);
  user_regs_struct regs;
  std::memset(&regs, 0, sizeof regs);
  regs.rsp = 0x7ffe0000;
  regs.rdi = 0x20000;
  regs.rsi = 0x30000;
  regs.rcx = 16;
  regs.eflags = 0x202;
  WriteSet out;

  // First sight of every instruction of libc (a linear sweep).
  std::vector<uint64_t> addresses;
  uint64_t unknown = 0, writing = 0;
  auto started = std::chrono::steady_clock::now();
  for (uint64_t offset = 0; offset < text.size;) {
    regs.rip = text.address + offset;
    const size_t available = text.size - offset < 15 ? text.size - offset : 15;
    const DigestedInstruction& digest = analyzer.analyze(text.bytes + offset, available, regs, out);
    if (!out.known) ++unknown;
    if (!out.ranges.empty()) ++writing;
    addresses.push_back(offset);
    offset += digest.length ? digest.length : 1;
  }
  const double coldNs = nanosecondsSince(started, addresses.size());

  // The steady state: the same instructions again, all from the cache.
  const uint64_t hitsBefore = analyzer.cache().hits();
  const int rounds = 5;
  uint64_t bytesPredicted = 0;
  started = std::chrono::steady_clock::now();
  for (int round = 0; round < rounds; ++round) {
    for (uint64_t offset : addresses) {
      regs.rip = text.address + offset;
      const size_t available = text.size - offset < 15 ? text.size - offset : 15;
      analyzer.analyze(text.bytes + offset, available, regs, out);
      bytesPredicted += out.ranges.empty() ? 0 : out.ranges[0].length;
    }
  }
  const uint64_t steps = addresses.size() * rounds;
  const double warmNs = nanosecondsSince(started, steps);
  const uint64_t hits = analyzer.cache().hits() - hitsBefore;

  // A hot loop the size of a real inner loop: 64 instructions, many rounds.
  std::vector<uint64_t> loop(addresses.begin() + 1000, addresses.begin() + 1064);
  started = std::chrono::steady_clock::now();
  const int loopRounds = 20000;
  for (int round = 0; round < loopRounds; ++round) {
    for (uint64_t offset : loop) {
      regs.rip = text.address + offset;
      analyzer.analyze(text.bytes + offset, 15, regs, out);
    }
  }
  const double hotNs = nanosecondsSince(started, loop.size() * loopRounds);

  std::printf("libc .text: %zu instructions (%llu write memory, %llu unknown to the analyzer)\n", addresses.size(),
              static_cast<unsigned long long>(writing), static_cast<unsigned long long>(unknown));
  std::printf("first decode (digest + evaluate): %.0f ns per instruction\n", coldNs);
  std::printf("cached (lookup + byte check + evaluate), %zu distinct instructions: %.1f ns per instruction\n",
              addresses.size(), warmNs);
  std::printf("cached, 64-instruction hot loop: %.1f ns per instruction\n", hotNs);
  std::printf("cache: %zu entries, DigestedInstruction %zu bytes (+15 code bytes and hash-node overhead each)\n",
              analyzer.cache().size(), sizeof(DigestedInstruction));
  std::printf("(checksum %llu)\n", static_cast<unsigned long long>(bytesPredicted));

  CHECK_MSG(addresses.size() >= 100000, "the sweep decoded too few instructions (%zu)", addresses.size());
  CHECK_MSG(hits == steps, "steady state should be all cache hits (%llu of %llu)",
            static_cast<unsigned long long>(hits), static_cast<unsigned long long>(steps));
  CHECK_MSG(unknown == 0, "%llu instructions of libc are unknown to the analyzer",
            static_cast<unsigned long long>(unknown));
  CHECK_MSG(writing != 0, "no instruction was found to write memory");
  return checkSummary("record_write_set_benchmark_test");
}
