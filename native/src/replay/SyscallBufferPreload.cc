// SyscallBufferPreload: finds the library and decides whether it can load.
#include "replay/SyscallBufferPreload.h"

#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>

extern char** environ;

namespace rwd {

namespace {

constexpr const char* kLibraryName = "librewind-syscallbuf.so";

enum class Loader { Dynamic, Static, Unreadable };

// Whether the dynamic loader starts `program` (it has a PT_INTERP segment).
Loader loaderOf(const std::string& program) {
  const int fd = ::open(program.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return Loader::Unreadable;
  elf_version(EV_CURRENT);
  Elf* elf = elf_begin(fd, ELF_C_READ, nullptr);
  Loader loader = Loader::Unreadable;
  size_t count = 0;
  if (elf && elf_kind(elf) == ELF_K_ELF && elf_getphdrnum(elf, &count) == 0) {
    loader = Loader::Static;
    for (size_t i = 0; i < count; ++i) {
      GElf_Phdr header;
      if (gelf_getphdr(elf, static_cast<int>(i), &header) && header.p_type == PT_INTERP) loader = Loader::Dynamic;
    }
  }
  if (elf) elf_end(elf);
  ::close(fd);
  return loader;
}

std::string libraryPath() {
  if (const char* named = std::getenv("REWIND_SYSCALLBUF_LIBRARY")) return named;
  std::error_code error;
  const std::filesystem::path self = std::filesystem::read_symlink("/proc/self/exe", error);
  if (error) return "";
  return (self.parent_path() / kLibraryName).string();
}

}  // namespace

SyscallBufferPreload::Choice SyscallBufferPreload::choose(const std::string& program,
                                                          const std::optional<std::string>& current) {
  Choice choice;
  const char* setting = std::getenv("REWIND_SYSCALLBUF");
  if (setting && std::string(setting) == "off") {
    choice.note = "The system-call buffer is off (REWIND_SYSCALLBUF=off): every system call stops the recorder.";
    return choice;
  }
  const std::string library = libraryPath();
  if (library.empty() || ::access(library.c_str(), R_OK) != 0) {
    choice.note = "The system-call buffer library (" + (library.empty() ? std::string(kLibraryName) : library) +
                  ") is missing: every system call stops the recorder.";
    return choice;
  }
  switch (loaderOf(program)) {
    case Loader::Static:
      choice.note =
          "The program is linked statically, so the system-call buffer cannot be loaded into it: every "
          "system call stops the recorder (slower).";
      return choice;
    case Loader::Unreadable:
      choice.note = "The program's ELF headers could not be read, so the system-call buffer is not loaded into it.";
      return choice;
    case Loader::Dynamic:
      break;
  }
  // The library goes first: its read, write... are the ones the program's calls reach.
  choice.preload = library + (current && !current->empty() ? ":" + *current : "");
  choice.note =
      "read, write, pread, pwrite, lseek and clock_gettime are logged through an in-process buffer "
      "(" +
      library + "), without a stop each.";
  return choice;
}

void SyscallBufferPreload::apply(std::vector<std::string>& environment, const std::string& preload) {
  if (preload.empty()) return;
  for (std::string& entry : environment) {
    if (entry.rfind("LD_PRELOAD=", 0) == 0) {
      entry = "LD_PRELOAD=" + preload;
      return;
    }
  }
  environment.push_back("LD_PRELOAD=" + preload);
}

std::vector<std::string> SyscallBufferPreload::ownEnvironment() {
  std::vector<std::string> out;
  for (char** entry = environ; *entry; ++entry) out.emplace_back(*entry);
  return out;
}

}  // namespace rwd
