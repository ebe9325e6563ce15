// TscPatcher: probing, ELF section scanning and patching of rdtsc sites.
#include "replay/TscPatcher.h"

#include <capstone/capstone.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <x86intrin.h>

#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <mutex>
#include <tuple>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "disasm/CapstoneHandle.h"
#include "replay/ProcMemFile.h"

namespace rwd {

namespace {

// Start addresses of the function symbols (.symtab and .dynsym) of an ELF
// file, sorted: places where decoding is known to start on an instruction.
std::vector<uint64_t> functionStarts(Elf* elf) {
  std::vector<uint64_t> starts;
  Elf_Scn* section = nullptr;
  while ((section = elf_nextscn(elf, section)) != nullptr) {
    GElf_Shdr header;
    if (!gelf_getshdr(section, &header) || (header.sh_type != SHT_SYMTAB && header.sh_type != SHT_DYNSYM)) continue;
    Elf_Data* data = elf_getdata(section, nullptr);
    if (!data || header.sh_entsize == 0) continue;
    const size_t count = header.sh_size / header.sh_entsize;
    for (size_t i = 0; i < count; ++i) {
      GElf_Sym symbol;
      if (!gelf_getsym(data, static_cast<int>(i), &symbol)) continue;
      if (GELF_ST_TYPE(symbol.st_info) == STT_FUNC && symbol.st_value != 0) starts.push_back(symbol.st_value);
    }
  }
  std::sort(starts.begin(), starts.end());
  return starts;
}

// Whether decoding from `from` reaches `target` exactly (both virtual addresses in `bytes`, which starts at `base`).
bool onBoundary(const CapstoneHandle& capstone, const uint8_t* bytes, uint64_t base, uint64_t size, uint64_t from,
                uint64_t target) {
  uint64_t at = from;
  while (at < target) {
    size_t length = 0;
    if (!capstone.decodeFirst(bytes + (at - base), size - (at - base), at,
                              [&length](const cs_insn& instruction) { length = instruction.size; })) {
      length = 1;  // undecodable byte (padding): step over it
    }
    at += length;
  }
  return at == target;
}

// The sites of file `path` inside its bytes [offset, +length), as file offsets.
std::vector<TscSite> fileSites(const std::string& path, uint64_t length, uint64_t offset) {
  const uint64_t start = offset;  // addresses below are file offsets
  std::vector<TscSite> sites;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot read " + path + " to find its rdtsc instructions");
  elf_version(EV_CURRENT);
  Elf* elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  size_t rawSize = 0;
  const char* raw = elf ? elf_rawfile(elf, &rawSize) : nullptr;
  if (!elf || !raw || elf_kind(elf) != ELF_K_ELF) {
    if (elf) elf_end(elf);
    ::close(fd);
    return sites;  // not ELF: no code the engine knows how to scan
  }
  const std::vector<uint64_t> starts = functionStarts(elf);
  // Call-frame information covers every function, static ones too: its FDE
  // ranges are the closest known instruction starts.
  Dwarf_CFI* frames = dwarf_getcfi_elf(elf);
  const CapstoneHandle capstone(false);
  Elf_Scn* section = nullptr;
  while ((section = elf_nextscn(elf, section)) != nullptr) {
    GElf_Shdr header;
    if (!gelf_getshdr(section, &header) || header.sh_type != SHT_PROGBITS || !(header.sh_flags & SHF_EXECINSTR))
      continue;
    if (header.sh_offset + header.sh_size > rawSize) continue;
    const uint64_t first = std::max<uint64_t>(header.sh_offset, offset);
    const uint64_t last = std::min<uint64_t>(header.sh_offset + header.sh_size, offset + length);
    if (first + 2 > last) continue;
    const auto* bytes = reinterpret_cast<const uint8_t*>(raw) + header.sh_offset;
    for (uint64_t fileAt = first; fileAt + 2 <= last; ++fileAt) {
      const uint8_t* at = bytes + (fileAt - header.sh_offset);
      uint8_t siteLength = 0;
      if (at[0] == 0x0F && at[1] == 0x31) siteLength = 2;
      else if (fileAt + 3 <= last && at[0] == 0x0F && at[1] == 0x01 && at[2] == 0xF9) siteLength = 3;
      if (siteLength == 0) continue;
      const uint64_t virtualAt = header.sh_addr + (fileAt - header.sh_offset);
      // Decode from the nearest function start before the site (in this section).
      uint64_t from = header.sh_addr;
      auto after = std::upper_bound(starts.begin(), starts.end(), virtualAt);
      if (after != starts.begin() && *(after - 1) >= header.sh_addr) from = *(after - 1);
      Dwarf_Frame* frame = nullptr;
      if (frames && dwarf_cfi_addrframe(frames, virtualAt, &frame) == 0) {
        Dwarf_Addr frameStart = 0, frameEnd = 0;
        if (dwarf_frame_info(frame, &frameStart, &frameEnd, nullptr) >= 0 && frameStart <= virtualAt &&
            frameStart >= from)
          from = frameStart;
        ::free(frame);
      }
      if (onBoundary(capstone, bytes, header.sh_addr, header.sh_size, from, virtualAt))
        sites.push_back(TscSite{start + (fileAt - offset), siteLength});
    }
  }
  if (frames) dwarf_cfi_end(frames);
  elf_end(elf);
  ::close(fd);
  return sites;
}

}  // namespace

bool TscPatcher::rdtscTraps() {
  static const bool traps = [] {
    const pid_t child = ::fork();
    if (child == 0) {
      ::prctl(PR_SET_TSC, PR_TSC_SIGSEGV, 0, 0, 0);
      volatile uint64_t value = __rdtsc();
      (void)value;
      ::_exit(0);
    }
    int status = 0;
    if (child < 0 || ::waitpid(child, &status, 0) != child) return false;
    return WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV;
  }();
  return traps;
}

std::vector<TscSite> TscPatcher::findSites(const std::string& path, uint64_t start, uint64_t length, uint64_t offset) {
  // Recording the same program again finds the same files: scan each once.
  static std::mutex lock;
  static std::map<std::tuple<uint64_t, uint64_t, int64_t, uint64_t, uint64_t>, std::vector<TscSite>> cache;
  struct stat status {};
  if (::stat(path.c_str(), &status) != 0)
    throw std::runtime_error("cannot read " + path + " to find its rdtsc instructions");
  const auto key = std::make_tuple(static_cast<uint64_t>(status.st_dev), static_cast<uint64_t>(status.st_ino),
                                   static_cast<int64_t>(status.st_mtim.tv_sec) * 1000000000 + status.st_mtim.tv_nsec,
                                   offset, length);
  std::vector<TscSite> found;
  {
    std::lock_guard<std::mutex> guard(lock);
    auto cached = cache.find(key);
    if (cached == cache.end()) cached = cache.emplace(key, fileSites(path, length, offset)).first;
    found = cached->second;
  }
  for (TscSite& site : found) site.address = start + (site.address - offset);
  return found;
}

std::vector<TscSite> TscPatcher::findInProcess(pid_t pid) {
  std::ifstream maps("/proc/" + std::to_string(pid) + "/maps");
  std::vector<TscSite> sites;
  std::string line;
  while (std::getline(maps, line)) {
    unsigned long long start = 0, end = 0, offset = 0;
    char perms[8] = {};
    int pathAt = 0;
    if (std::sscanf(line.c_str(), "%llx-%llx %7s %llx %*s %*s %n", &start, &end, perms, &offset, &pathAt) < 4) continue;
    if (perms[2] != 'x' || pathAt <= 0 || static_cast<size_t>(pathAt) >= line.size() || line[pathAt] != '/') continue;
    const std::vector<TscSite> found = findSites(line.substr(pathAt), start, end - start, offset);
    sites.insert(sites.end(), found.begin(), found.end());
  }
  return sites;
}

void TscPatcher::patch(pid_t pid, const std::vector<TscSite>& sites) {
  if (sites.empty()) return;
  ProcMemFile memory(pid);
  for (const TscSite& site : sites) {
    const uint8_t ud2[3] = {0x0F, 0x0B, 0x90};
    if (!memory.write(site.address, ud2, site.length))
      throw std::runtime_error("cannot patch an rdtsc instruction of the program");
  }
}

}  // namespace rwd
