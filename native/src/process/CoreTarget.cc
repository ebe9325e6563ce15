// CoreTarget: the notes and segments of an ELF core file, through libelf.
#include "process/CoreTarget.h"

#include <elf.h>
#include <fcntl.h>
#include <gelf.h>
#include <signal.h>
#include <sys/procfs.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include "core/DebugError.h"

namespace rwd {

static_assert(sizeof(elf_gregset_t) == sizeof(user_regs_struct), "a core's registers are user_regs_struct on x86-64");

namespace {

std::string describeCore(const std::string& path) { return "The core file '" + path + "'"; }

}  // namespace

std::unique_ptr<CoreTarget> CoreTarget::open(const std::string& corePath, const std::string& program) {
  int fd = ::open(corePath.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    throw DebugError(errno == ENOENT ? DebugError::NoSuchFile : DebugError::BadArgument,
                     describeCore(corePath) + " cannot be opened: " + std::strerror(errno) +
                         ". Check \"coreFile\" in the launch configuration.");
  }
  elf_version(EV_CURRENT);
  Elf* elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  GElf_Ehdr header{};
  const bool isCore = elf && elf_kind(elf) == ELF_K_ELF && gelf_getehdr(elf, &header) && header.e_type == ET_CORE;
  if (!isCore || header.e_machine != EM_X86_64 || gelf_getclass(elf) != ELFCLASS64) {
    if (elf) elf_end(elf);
    ::close(fd);
    throw DebugError(
        DebugError::BadArgument,
        isCore
            ? describeCore(corePath) + " is not from a 64-bit x86-64 program; Rewind reads x86-64 core dumps."
            : describeCore(corePath) +
                  " is not a core dump (an ELF file of type CORE). Point \"coreFile\" at a core written by the kernel or by gdb's generate-core-file.");
  }
  std::unique_ptr<CoreTarget> target(new CoreTarget(fd, elf, program));
  target->readNotes();
  target->readSegments();
  if (target->threads_.empty()) {
    throw DebugError(DebugError::BadArgument,
                     describeCore(corePath) + " records no thread (no NT_PRSTATUS note); it may be truncated.");
  }
  if (target->pid_ == 0) target->pid_ = target->threads_.front();
  return target;
}

CoreTarget::CoreTarget(int fd, Elf* elf, std::string program) : fd_(fd), elf_(elf), program_(std::move(program)) {}

CoreTarget::~CoreTarget() {
  elf_end(elf_);
  ::close(fd_);
}

void CoreTarget::readNotes() {
  size_t headers = 0;
  if (elf_getphdrnum(elf_, &headers) != 0) return;
  bool sawSignalInfo = false;
  for (size_t i = 0; i < headers; ++i) {
    GElf_Phdr header{};
    if (!gelf_getphdr(elf_, static_cast<int>(i), &header) || header.p_type != PT_NOTE) continue;
    Elf_Data* data = elf_getdata_rawchunk(elf_, static_cast<int64_t>(header.p_offset), header.p_filesz, ELF_T_NHDR);
    if (!data) continue;
    GElf_Nhdr note{};
    size_t nameOffset = 0, descOffset = 0;
    for (size_t offset = 0; (offset = gelf_getnote(data, offset, &note, &nameOffset, &descOffset)) > 0;) {
      const char* name = static_cast<const char*>(data->d_buf) + nameOffset;
      const char* desc = static_cast<const char*>(data->d_buf) + descOffset;
      if (note.n_namesz == 6 && std::memcmp(name, "LINUX", 5) == 0) {
        // The XSAVE image of the thread whose NT_PRSTATUS came last.
        if (note.n_type == NT_X86_XSTATE && !threads_.empty() && note.n_descsz >= 512) {
          xstates_[threads_.back()].assign(desc, desc + note.n_descsz);
        }
        continue;
      }
      if (note.n_namesz != 5 || std::memcmp(name, "CORE", 4) != 0) continue;
      if (note.n_type == NT_PRSTATUS && note.n_descsz >= sizeof(elf_prstatus)) {
        elf_prstatus status;
        std::memcpy(&status, desc, sizeof status);
        if (threads_.empty()) signal_.signal = status.pr_cursig;
        threads_.push_back(status.pr_pid);
        std::memcpy(&registers_[status.pr_pid], &status.pr_reg, sizeof(user_regs_struct));
      } else if (note.n_type == NT_FPREGSET && !threads_.empty() && note.n_descsz >= sizeof(user_fpregs_struct)) {
        std::memcpy(&fpuRegisters_[threads_.back()], desc, sizeof(user_fpregs_struct));
      } else if (note.n_type == NT_PRPSINFO && note.n_descsz >= sizeof(elf_prpsinfo)) {
        elf_prpsinfo info;
        std::memcpy(&info, desc, sizeof info);
        pid_ = info.pr_pid;
        command_.assign(info.pr_fname, strnlen(info.pr_fname, sizeof info.pr_fname));
      } else if (note.n_type == NT_SIGINFO && note.n_descsz >= sizeof(siginfo_t) && !sawSignalInfo) {
        // The first one belongs to the first thread, the one that got the signal.
        siginfo_t info;
        std::memcpy(&info, desc, sizeof info);
        sawSignalInfo = true;
        if (!signal_.signal) signal_.signal = info.si_signo;
        signal_.code = info.si_code;
        signal_.faultAddress = reinterpret_cast<uint64_t>(info.si_addr);
      }
    }
  }
}

void CoreTarget::readSegments() {
  size_t headers = 0;
  if (elf_getphdrnum(elf_, &headers) != 0) return;
  for (size_t i = 0; i < headers; ++i) {
    GElf_Phdr header{};
    if (!gelf_getphdr(elf_, static_cast<int>(i), &header) || header.p_type != PT_LOAD) continue;
    segments_.push_back(Segment{header.p_vaddr, header.p_filesz, header.p_memsz, header.p_offset});
  }
  std::sort(segments_.begin(), segments_.end(),
            [](const Segment& a, const Segment& b) { return a.address < b.address; });
}

bool CoreTarget::readRegisters(pid_t tid, user_regs_struct& regs) {
  auto found = registers_.find(tid);
  if (found == registers_.end()) return false;
  regs = found->second;
  return true;
}

bool CoreTarget::readFpuRegisters(pid_t tid, user_fpregs_struct& fpu) {
  auto found = fpuRegisters_.find(tid);
  if (found == fpuRegisters_.end()) return false;
  fpu = found->second;
  return true;
}

std::vector<uint8_t> CoreTarget::readXstate(pid_t tid) {
  auto found = xstates_.find(tid);
  return found == xstates_.end() ? std::vector<uint8_t>{} : found->second;
}

size_t CoreTarget::readMemory(uint64_t address, void* out, size_t length) {
  auto* bytes = static_cast<uint8_t*>(out);
  size_t done = 0;
  while (done < length) {
    size_t got = readChunk(address + done, bytes + done, length - done);
    if (got == 0) break;
    done += got;
  }
  return done;
}

size_t CoreTarget::readChunk(uint64_t address, uint8_t* out, size_t length) {
  auto after = std::upper_bound(segments_.begin(), segments_.end(), address,
                                [](uint64_t value, const Segment& segment) { return value < segment.address; });
  if (after != segments_.begin()) {
    const Segment& segment = *(after - 1);
    if (address < segment.address + segment.fileSize) {
      const size_t count =
          static_cast<size_t>(std::min<uint64_t>(length, segment.address + segment.fileSize - address));
      ssize_t got = ::pread(fd_, out, count, static_cast<off_t>(segment.offset + (address - segment.address)));
      return got > 0 ? static_cast<size_t>(got) : 0;
    }
  }
  // Not in the dump: the code and read-only data of a file it left out.
  return readFromModule(address, out, length);
}

size_t CoreTarget::readFromModule(uint64_t address, uint8_t* out, size_t length) {
  if (!modules_) return 0;
  Dwfl_Module* module = dwfl_addrmodule(modules_, address);
  Dwarf_Addr bias = 0;
  Elf* elf = module ? dwfl_module_getelf(module, &bias) : nullptr;
  size_t fileSize = 0;
  const char* file = elf ? elf_rawfile(elf, &fileSize) : nullptr;
  size_t headers = 0;
  if (!file || elf_getphdrnum(elf, &headers) != 0) return 0;
  const uint64_t fileAddress = address - bias;
  for (size_t i = 0; i < headers; ++i) {
    GElf_Phdr header{};
    if (!gelf_getphdr(elf, static_cast<int>(i), &header) || header.p_type != PT_LOAD) continue;
    if (fileAddress < header.p_vaddr || fileAddress >= header.p_vaddr + header.p_filesz) continue;
    const uint64_t at = header.p_offset + (fileAddress - header.p_vaddr);
    if (at >= fileSize) return 0;
    const size_t count = static_cast<size_t>(
        std::min<uint64_t>({length, header.p_vaddr + header.p_filesz - fileAddress, fileSize - at}));
    std::memcpy(out, file + at, count);
    return count;
  }
  return 0;
}

}  // namespace rwd
