// ElfFileCheck: libelf's view of a program file; see ElfFileCheck.h.
#include "process/ElfFileCheck.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <sys/stat.h>
#include <unistd.h>

namespace rwd {

namespace {

std::string libelfError() {
  const char* text = ::elf_errmsg(-1);
  return text ? text : "unknown libelf error";
}

std::optional<std::string> problemIn(Elf* elf, uint64_t fileSize) {
  if (::elf_kind(elf) != ELF_K_ELF) return "is not an ELF file libelf can read (" + libelfError() + ")";
  GElf_Ehdr header;
  if (!::gelf_getehdr(elf, &header)) return "has an ELF header that cannot be read (" + libelfError() + ")";
  size_t count = 0;
  if (::elf_getphdrnum(elf, &count) != 0) return "has program headers that cannot be read (" + libelfError() + ")";
  const uint64_t tableEnd = header.e_phoff + uint64_t{count} * header.e_phentsize;
  if (tableEnd > fileSize) {
    return "is truncated: it has " + std::to_string(fileSize) + " bytes, but its program headers end at byte " +
           std::to_string(tableEnd);
  }
  for (size_t i = 0; i < count; ++i) {
    GElf_Phdr segment;
    if (!::gelf_getphdr(elf, static_cast<int>(i), &segment))
      return "has a program header that cannot be read (" + libelfError() + ")";
    if (segment.p_type != PT_LOAD && segment.p_type != PT_INTERP && segment.p_type != PT_DYNAMIC) continue;
    const uint64_t end = segment.p_offset + segment.p_filesz;
    if (end > fileSize || end < segment.p_offset) {
      return "is truncated: it has " + std::to_string(fileSize) + " bytes, but its segment " + std::to_string(i) +
             " reaches byte " + std::to_string(end);
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> ElfFileCheck::problem(const std::string& path) {
  ::elf_version(EV_CURRENT);
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;  // the caller's own checks say why
  struct stat info {};
  std::optional<std::string> found;
  if (::fstat(fd, &info) == 0) {
    Elf* elf = ::elf_begin(fd, ELF_C_READ, nullptr);
    found = elf ? problemIn(elf, static_cast<uint64_t>(info.st_size)) : "cannot be read as ELF (" + libelfError() + ")";
    if (elf) ::elf_end(elf);
  }
  ::close(fd);
  return found;
}

}  // namespace rwd
