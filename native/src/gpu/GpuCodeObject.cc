// GpuCodeObject: libelf over the image in memory, libdw for lines and
// function names; GPU addresses become ELF addresses by subtracting the
// load address.
#include "gpu/GpuCodeObject.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <gelf.h>
#include <libelf.h>

#include <algorithm>

namespace rwd {

GpuCodeObject::GpuCodeObject(std::string name, std::vector<uint8_t> image, uint64_t loadAddress)
    : name_(std::move(name)), image_(std::move(image)), loadAddress_(loadAddress) {
  elf_version(EV_CURRENT);
  elf_ = elf_memory(reinterpret_cast<char*>(image_.data()), image_.size());
  if (!elf_ || elf_kind(elf_) != ELF_K_ELF) return;
  Elf_Scn* section = nullptr;
  bool first = true;
  while ((section = elf_nextscn(elf_, section)) != nullptr) {
    GElf_Shdr header;
    if (!gelf_getshdr(section, &header) || !(header.sh_flags & SHF_ALLOC) || header.sh_size == 0) continue;
    if (first || header.sh_addr < lowest_) lowest_ = header.sh_addr;
    if (first || header.sh_addr + header.sh_size > highest_) highest_ = header.sh_addr + header.sh_size;
    first = false;
  }
  dwarf_ = dwarf_begin_elf(elf_, DWARF_C_READ, nullptr);
}

GpuCodeObject::~GpuCodeObject() {
  if (dwarf_) dwarf_end(dwarf_);
  if (elf_) elf_end(elf_);
}

bool GpuCodeObject::contains(uint64_t gpuAddress) const {
  if (gpuAddress < loadAddress_) return false;
  uint64_t address = gpuAddress - loadAddress_;
  return address >= lowest_ && address < highest_;
}

std::optional<GpuSourcePlace> GpuCodeObject::placeOf(uint64_t gpuAddress) const {
  if (!dwarf_ || !contains(gpuAddress)) return std::nullopt;
  Dwarf_Addr address = gpuAddress - loadAddress_;
  Dwarf_Die unit;
  if (!dwarf_addrdie(dwarf_, address, &unit)) return std::nullopt;
  GpuSourcePlace place;
  if (Dwarf_Line* line = dwarf_getsrc_die(&unit, address)) {
    if (const char* file = dwarf_linesrc(line, nullptr, nullptr)) place.file = file;
    dwarf_lineno(line, &place.line);
  }
  Dwarf_Die* scopes = nullptr;
  int count = dwarf_getscopes(&unit, address, &scopes);
  for (int i = 0; i < count; ++i) {
    if (dwarf_tag(&scopes[i]) == DW_TAG_subprogram) {
      if (const char* name = dwarf_diename(&scopes[i])) place.function = name;
      break;
    }
  }
  free(scopes);
  return place;
}

std::vector<uint64_t> GpuCodeObject::addressesOf(const std::string& file, int line) const {
  std::vector<uint64_t> addresses;
  if (!dwarf_) return addresses;
  Dwarf_Off offset = 0, next = 0;
  size_t headerSize = 0;
  while (dwarf_nextcu(dwarf_, offset, &next, &headerSize, nullptr, nullptr, nullptr) == 0) {
    Dwarf_Die unit;
    if (dwarf_offdie(dwarf_, offset + headerSize, &unit)) {
      Dwarf_Lines* lines = nullptr;
      size_t count = 0;
      if (dwarf_getsrclines(&unit, &lines, &count) == 0) {
        for (size_t i = 0; i < count; ++i) {
          Dwarf_Line* entry = dwarf_onesrcline(lines, i);
          int number = 0;
          bool statement = false;
          Dwarf_Addr address = 0;
          const char* source = dwarf_linesrc(entry, nullptr, nullptr);
          dwarf_lineno(entry, &number);
          dwarf_linebeginstatement(entry, &statement);
          dwarf_lineaddr(entry, &address);
          if (!source || number != line || !statement) continue;
          std::string path = source;
          if (path.size() < file.size() || path.compare(path.size() - file.size(), file.size(), file) != 0) continue;
          addresses.push_back(address + loadAddress_);
        }
      }
    }
    offset = next;
  }
  std::sort(addresses.begin(), addresses.end());
  addresses.erase(std::unique(addresses.begin(), addresses.end()), addresses.end());
  return addresses;
}

}  // namespace rwd
