// FunctionCode: a function's code, parts and landing pads from its ELF file.
#include "probe/FunctionCode.h"

#include <dwarf.h>
#include <elfutils/libdw.h>
#include <fcntl.h>
#include <gelf.h>
#include <libelf.h>
#include <unistd.h>

#include <cstring>
#include <map>

namespace rwd {

namespace {

struct ElfFile {
  int fd = -1;
  Elf* elf = nullptr;
  explicit ElfFile(const std::string& path) {
    elf_version(EV_CURRENT);
    fd = open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd >= 0) elf = elf_begin(fd, ELF_C_READ_MMAP, nullptr);
  }
  ~ElfFile() {
    if (elf) elf_end(elf);
    if (fd >= 0) close(fd);
  }
};

// Size of a DW_EH_PE-encoded value; 0 when the encoding is not one read here.
size_t encodedSize(uint8_t encoding) {
  switch (encoding & 0x0f) {
    case DW_EH_PE_absptr:
    case DW_EH_PE_udata8:
    case DW_EH_PE_sdata8:
      return 8;
    case DW_EH_PE_udata4:
    case DW_EH_PE_sdata4:
      return 4;
    case DW_EH_PE_udata2:
    case DW_EH_PE_sdata2:
      return 2;
    default:
      return 0;
  }
}

// A value at `bytes` (found at link-time address `at`) in `encoding`;
// nullopt for encodings other than absolute and pc-relative.
std::optional<uint64_t> readEncoded(const uint8_t* bytes, uint8_t encoding, uint64_t at, bool applyBase) {
  int64_t value = 0;
  switch (encoding & 0x0f) {
    case DW_EH_PE_absptr:
    case DW_EH_PE_udata8:
    case DW_EH_PE_sdata8:
      std::memcpy(&value, bytes, 8);
      break;
    case DW_EH_PE_udata4: {
      uint32_t v;
      std::memcpy(&v, bytes, 4);
      value = v;
      break;
    }
    case DW_EH_PE_sdata4: {
      int32_t v;
      std::memcpy(&v, bytes, 4);
      value = v;
      break;
    }
    case DW_EH_PE_udata2: {
      uint16_t v;
      std::memcpy(&v, bytes, 2);
      value = v;
      break;
    }
    case DW_EH_PE_sdata2: {
      int16_t v;
      std::memcpy(&v, bytes, 2);
      value = v;
      break;
    }
    default:
      return std::nullopt;
  }
  if (!applyBase) return static_cast<uint64_t>(value);
  switch (encoding & 0x70) {
    case DW_EH_PE_absptr:
      return static_cast<uint64_t>(value);
    case DW_EH_PE_pcrel:
      return at + static_cast<uint64_t>(value);
    default:
      return std::nullopt;
  }
}

// What a CIE says about its FDEs: how their addresses are encoded and
// whether they carry an LSDA pointer.
struct CieFacts {
  uint8_t addressEncoding = DW_EH_PE_absptr;
  bool lsda = false;
  bool understood = true;
};

CieFacts factsOf(const Dwarf_CIE& cie) {
  CieFacts facts;
  const char* augmentation = cie.augmentation ? cie.augmentation : "";
  if (augmentation[0] != 'z') {
    facts.understood = augmentation[0] == '\0';
    return facts;
  }
  size_t at = 0;
  for (const char* letter = augmentation + 1; *letter; ++letter) {
    if (!cie.augmentation_data || at >= cie.augmentation_data_size) return CieFacts{DW_EH_PE_absptr, false, false};
    switch (*letter) {
      case 'R':
        facts.addressEncoding = cie.augmentation_data[at++];
        break;
      case 'L':
        facts.lsda = true;
        ++at;
        break;
      case 'P': {
        const size_t size = encodedSize(cie.augmentation_data[at]);
        if (size == 0) return CieFacts{DW_EH_PE_absptr, false, false};
        at += 1 + size;
        break;
      }
      case 'S':
      case 'B':
        break;
      default:
        return CieFacts{DW_EH_PE_absptr, false, false};
    }
  }
  return facts;
}

// Whether the FDE covering `address` has landing pads; an FDE that cannot be
// read counts as having them (nothing is proved about it).
bool landingPadsAt(Elf* elf, uint64_t address) {
  size_t namesIndex = 0;
  if (elf_getshdrstrndx(elf, &namesIndex) != 0) return true;
  const unsigned char* ident = reinterpret_cast<const unsigned char*>(elf_getident(elf, nullptr));
  for (Elf_Scn* section = nullptr; (section = elf_nextscn(elf, section));) {
    GElf_Shdr header{};
    if (!gelf_getshdr(section, &header)) continue;
    const char* name = elf_strptr(elf, namesIndex, header.sh_name);
    if (!name || std::strcmp(name, ".eh_frame") != 0 || header.sh_type == SHT_NOBITS) continue;
    Elf_Data* data = elf_getdata(section, nullptr);
    if (!data || !ident) return true;
    std::map<Dwarf_Off, CieFacts> cies;
    Dwarf_Off offset = 0, next = 0;
    Dwarf_CFI_Entry entry;
    while (dwarf_next_cfi(ident, data, true, offset, &next, &entry) == 0) {
      if (dwarf_cfi_cie_p(&entry)) {
        cies[offset] = factsOf(entry.cie);
      } else {
        const auto cie = cies.find(entry.fde.CIE_pointer);
        if (cie == cies.end() || !cie->second.understood) return true;
        const uint8_t encoding = cie->second.addressEncoding;
        const size_t size = encodedSize(encoding);
        const auto* bytes = entry.fde.start;
        const uint64_t at = header.sh_addr + static_cast<uint64_t>(bytes - static_cast<const uint8_t*>(data->d_buf));
        const auto start = size ? readEncoded(bytes, encoding, at, true) : std::nullopt;
        const auto length = size ? readEncoded(bytes + size, encoding, at + size, false) : std::nullopt;
        if (!start || !length) return true;
        if (address >= *start && address < *start + *length) return cie->second.lsda;
      }
      offset = next;
    }
    return false;  // no FDE covers it: no landing pads (the unwinder cannot even find the frame)
  }
  return false;  // no .eh_frame: nothing unwinds into the function
}

}  // namespace

std::optional<FunctionCode> FunctionCode::around(const ProbeSite& site, std::string& why) {
  ElfFile file(site.path);
  if (!file.elf || elf_kind(file.elf) != ELF_K_ELF) {
    why = "its file " + site.path + " could not be read as ELF";
    return std::nullopt;
  }
  FunctionCode code;
  // The link-time address of the site, from its section.
  std::optional<uint64_t> target;
  for (Elf_Scn* section = nullptr; (section = elf_nextscn(file.elf, section));) {
    GElf_Shdr header{};
    if (!gelf_getshdr(section, &header) || header.sh_type != SHT_PROGBITS || !(header.sh_flags & SHF_EXECINSTR))
      continue;
    code.sections_.push_back(Section{header.sh_addr, header.sh_offset, header.sh_size});
    if (site.fileOffset >= header.sh_offset && site.fileOffset < header.sh_offset + header.sh_size) {
      target = header.sh_addr + (site.fileOffset - header.sh_offset);
    }
  }
  if (!target) {
    why = "it is in no code section of " + site.path;
    return std::nullopt;
  }
  code.target = *target;
  // The function: the sized FUNC symbol around the target (the full symbol
  // table first, the dynamic one when the file is stripped).
  struct Symbol {
    std::string name;
    uint64_t address, size;
  };
  std::vector<Symbol> functions;
  for (int type : {SHT_SYMTAB, SHT_DYNSYM}) {
    for (Elf_Scn* section = nullptr; (section = elf_nextscn(file.elf, section));) {
      GElf_Shdr header{};
      if (!gelf_getshdr(section, &header) || header.sh_type != static_cast<unsigned>(type)) continue;
      Elf_Data* data = elf_getdata(section, nullptr);
      const size_t count = header.sh_entsize ? header.sh_size / header.sh_entsize : 0;
      for (size_t i = 0; data && i < count; ++i) {
        GElf_Sym symbol{};
        if (!gelf_getsym(data, static_cast<int>(i), &symbol) || GELF_ST_TYPE(symbol.st_info) != STT_FUNC ||
            symbol.st_size == 0 || symbol.st_shndx == SHN_UNDEF) {
          continue;
        }
        const char* name = elf_strptr(file.elf, header.sh_link, symbol.st_name);
        functions.push_back(Symbol{name ? name : "", symbol.st_value, symbol.st_size});
      }
    }
    if (!functions.empty()) break;
  }
  const Symbol* function = nullptr;
  for (const auto& symbol : functions) {
    if (code.target >= symbol.address && code.target < symbol.address + symbol.size) function = &symbol;
  }
  if (!function) {
    why = "no ELF symbol gives the bounds of its function";
    return std::nullopt;
  }
  code.name = function->name;
  code.entry = function->address;
  auto addRegion = [&](uint64_t start, uint64_t size) {
    for (const auto& section : code.sections_) {
      if (start < section.address || start + size > section.address + section.size) continue;
      CodeRegion region{start, std::vector<uint8_t>(size)};
      if (pread(file.fd, region.bytes.data(), size, static_cast<off_t>(section.offset + (start - section.address))) !=
          static_cast<ssize_t>(size)) {
        return false;
      }
      code.regions.push_back(std::move(region));
      return true;
    }
    return false;
  };
  if (!addRegion(function->address, function->size)) {
    why = "the code of " + code.name + " could not be read";
    return std::nullopt;
  }
  const std::string partPrefix = code.name + ".";
  for (const auto& symbol : functions) {
    if (symbol.name.rfind(partPrefix, 0) != 0 || symbol.address == function->address) continue;
    if (!addRegion(symbol.address, symbol.size)) {
      why = "the code of " + symbol.name + " could not be read";
      return std::nullopt;
    }
    code.hasLandingPads = code.hasLandingPads || landingPadsAt(file.elf, symbol.address);
  }
  code.hasLandingPads = code.hasLandingPads || landingPadsAt(file.elf, function->address);
  return code;
}

ProbeSite FunctionCode::siteOf(const ProbeSite& site, uint64_t address) const {
  ProbeSite out = site;
  out.address = site.address + (address - target);
  for (const auto& section : sections_) {
    if (address >= section.address && address < section.address + section.size) {
      out.fileOffset = section.offset + (address - section.address);
    }
  }
  return out;
}

}  // namespace rwd
