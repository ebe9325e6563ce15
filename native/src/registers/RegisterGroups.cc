// RegisterGroups: register tables over user_regs_struct, the FXSAVE area
// and the XSAVE image (offsets from CPUID leaf 0xD through XsaveLayout).
#include "registers/RegisterGroups.h"

#include <cstddef>
#include <cstring>

#include "record/XsaveLayout.h"
#include "record/XsaveVectorRegisters.h"
#include "registers/RegisterText.h"

namespace rwd {

namespace {

constexpr const char* kUnknown = "<unknown in this frame>";
constexpr const char* kUnreadable = "<unreadable>";

enum class Kind { Integer, Address, Flags, Segment };

struct GeneralRegister {
  const char* name;
  size_t offset;    // in user_regs_struct
  int dwarfNumber;  // -1: the unwinder does not recover it
  Kind kind;
};

#define FIELD(name) offsetof(user_regs_struct, name)
constexpr GeneralRegister kGeneralRegisters[] = {
    {"rax", FIELD(rax), 0, Kind::Integer},
    {"rbx", FIELD(rbx), 3, Kind::Integer},
    {"rcx", FIELD(rcx), 2, Kind::Integer},
    {"rdx", FIELD(rdx), 1, Kind::Integer},
    {"rsi", FIELD(rsi), 4, Kind::Integer},
    {"rdi", FIELD(rdi), 5, Kind::Integer},
    {"rbp", FIELD(rbp), 6, Kind::Address},
    {"rsp", FIELD(rsp), 7, Kind::Address},
    {"r8", FIELD(r8), 8, Kind::Integer},
    {"r9", FIELD(r9), 9, Kind::Integer},
    {"r10", FIELD(r10), 10, Kind::Integer},
    {"r11", FIELD(r11), 11, Kind::Integer},
    {"r12", FIELD(r12), 12, Kind::Integer},
    {"r13", FIELD(r13), 13, Kind::Integer},
    {"r14", FIELD(r14), 14, Kind::Integer},
    {"r15", FIELD(r15), 15, Kind::Integer},
    {"rip", FIELD(rip), 16, Kind::Address},
    {"eflags", FIELD(eflags), -1, Kind::Flags},
    {"cs", FIELD(cs), -1, Kind::Segment},
    {"ss", FIELD(ss), -1, Kind::Segment},
    {"ds", FIELD(ds), -1, Kind::Segment},
    {"es", FIELD(es), -1, Kind::Segment},
    {"fs", FIELD(fs), -1, Kind::Segment},
    {"gs", FIELD(gs), -1, Kind::Segment},
    {"fs_base", FIELD(fs_base), -1, Kind::Integer},
    {"gs_base", FIELD(gs_base), -1, Kind::Integer},
};
#undef FIELD

const char* typeOf(Kind kind) {
  switch (kind) {
    case Kind::Address:
      return "void *";
    case Kind::Flags:
      return "eflags";
    case Kind::Segment:
      return "uint16_t";
    case Kind::Integer:
      break;
  }
  return "uint64_t";
}

std::string text(Kind kind, uint64_t value) {
  return kind == Kind::Flags ? RegisterText::eflags(value) : RegisterText::hex(value);
}

uint64_t field(const user_regs_struct& regs, size_t offset) {
  uint64_t value;
  std::memcpy(&value, reinterpret_cast<const char*>(&regs) + offset, sizeof value);
  return value;
}

const XsaveLayout& hostLayout() {
  static const XsaveLayout layout = XsaveLayout::query();
  return layout;
}

bool hasComponent(const XsaveLayout& layout, unsigned index) { return (layout.enabledFeatures >> index) & 1; }

RegisterEntry vectorEntry(const std::string& name, const uint8_t* bytes, size_t size) {
  RegisterEntry entry{name, kUnreadable, "vec" + std::to_string(size * 8), {}};
  if (!bytes) return entry;
  entry.value = RegisterText::vectorHex(bytes, size);
  entry.lanes = RegisterText::vectorLanes(bytes, size);
  return entry;
}

RegisterGroup generalGroup(const std::optional<user_regs_struct>& regs) {
  RegisterGroup group{RegisterGroups::kGeneral, {}};
  for (const auto& known : kGeneralRegisters) {
    group.registers.push_back(
        {known.name, regs ? text(known.kind, field(*regs, known.offset)) : kUnreadable, typeOf(known.kind), {}});
  }
  return group;
}

RegisterGroup vectorGroup(const ThreadRegisters& registers) {
  RegisterGroup group{RegisterGroups::kVector, {}};
  const XsaveLayout& layout = hostLayout();
  const bool haveImage = !registers.xstate.empty();
  XsaveVectorRegisters image(layout, haveImage ? registers.xstate : std::vector<uint8_t>{});
  uint8_t bytes[64];
  auto add = [&](const std::string& name, unsigned number, size_t size) {
    bool read = haveImage && image.read(number, size, bytes);
    if (!read && size == 16 && registers.fpu) {
      std::memcpy(bytes, reinterpret_cast<const uint8_t*>(registers.fpu->xmm_space) + number * 16, 16);
      read = true;
    }
    group.registers.push_back(vectorEntry(name, read ? bytes : nullptr, size));
  };
  for (unsigned i = 0; i < 16; ++i) add("xmm" + std::to_string(i), i, 16);
  if (layout.ymmHighOffset()) {
    for (unsigned i = 0; i < 16; ++i) add("ymm" + std::to_string(i), i, 32);
  }
  if (layout.zmmHighOffset() && layout.highZmmOffset()) {
    for (unsigned i = 0; i < 32; ++i) add("zmm" + std::to_string(i), i, 64);
  }
  if (hasComponent(layout, 5)) {
    // Opmask registers k0–k7: component 5, eight 64-bit registers.
    uint64_t present = 0;
    if (haveImage && registers.xstate.size() >= 520) std::memcpy(&present, registers.xstate.data() + 512, 8);
    const uint32_t offset = layout.components[5].offset;
    for (unsigned i = 0; i < 8; ++i) {
      RegisterEntry entry{"k" + std::to_string(i), kUnreadable, "uint64_t", {}};
      uint64_t mask = 0;
      if (haveImage && !((present >> 5) & 1)) entry.value = RegisterText::hex(0);  // initial state
      else if (haveImage && offset + 8 * (i + 1) <= registers.xstate.size()) {
        std::memcpy(&mask, registers.xstate.data() + offset + 8 * i, 8);
        entry.value = RegisterText::hex(mask);
      }
      group.registers.push_back(entry);
    }
  }
  RegisterEntry mxcsr{"mxcsr", kUnreadable, "mxcsr", {}};
  if (registers.fpu) mxcsr.value = RegisterText::mxcsr(registers.fpu->mxcsr);
  group.registers.push_back(mxcsr);
  return group;
}

RegisterGroup x87Group(const std::optional<user_fpregs_struct>& fpu) {
  RegisterGroup group{RegisterGroups::kX87, {}};
  for (unsigned i = 0; i < 8; ++i) {
    // FXSAVE keeps the stack in ST order, 16 bytes per register.
    const auto* bytes = fpu ? reinterpret_cast<const uint8_t*>(fpu->st_space) + 16 * i : nullptr;
    group.registers.push_back(
        {"st" + std::to_string(i), bytes ? RegisterText::extendedFloat(bytes) : kUnreadable, "long double", {}});
  }
  const std::pair<const char*, std::optional<uint64_t>> words[] = {
      {"fctrl", fpu ? std::optional<uint64_t>(fpu->cwd) : std::nullopt},
      {"fstat", fpu ? std::optional<uint64_t>(fpu->swd) : std::nullopt},
      {"ftag", fpu ? std::optional<uint64_t>(fpu->ftw) : std::nullopt},
      {"fop", fpu ? std::optional<uint64_t>(fpu->fop) : std::nullopt},
      {"fip", fpu ? std::optional<uint64_t>(fpu->rip) : std::nullopt},
      {"fdp", fpu ? std::optional<uint64_t>(fpu->rdp) : std::nullopt},
  };
  for (const auto& [name, value] : words) {
    group.registers.push_back({name, value ? RegisterText::hex(*value) : kUnreadable, "uint64_t", {}});
  }
  return group;
}

// Every register of `group` marked unknown (an outer frame cannot tell).
RegisterGroup unknownCopy(RegisterGroup group) {
  for (auto& entry : group.registers) {
    entry.value = kUnknown;
    entry.lanes.clear();
  }
  return group;
}

}  // namespace

std::vector<RegisterGroup> RegisterGroups::ofThread(const ThreadRegisters& registers) {
  return {generalGroup(registers.general), vectorGroup(registers), x87Group(registers.fpu)};
}

std::vector<RegisterGroup> RegisterGroups::ofOuterFrame(const FrameRegisters& registers) {
  RegisterGroup general{kGeneral, {}};
  for (const auto& known : kGeneralRegisters) {
    const bool recovered = known.dwarfNumber >= 0 && registers.known[known.dwarfNumber];
    general.registers.push_back({known.name,
                                 recovered ? text(known.kind, registers.value[known.dwarfNumber]) : kUnknown,
                                 typeOf(known.kind),
                                 {}});
  }
  ThreadRegisters nothing;
  return {general, unknownCopy(vectorGroup(nothing)), unknownCopy(x87Group(std::nullopt))};
}

std::vector<RegisterGroup> RegisterGroups::forFrame(TargetAccess& target, const Frame& frame) {
  if (frame.index == 0) return ofThread(ThreadRegisters::read(target, frame.tid));
  return ofOuterFrame(frame.registers);
}

std::optional<ScalarRegister> RegisterGroups::scalar(TargetAccess& target, const Frame& frame,
                                                     const std::string& name) {
  static const std::pair<const char*, const char*> kAliases[] = {{"pc", "rip"}, {"sp", "rsp"}, {"fp", "rbp"}};
  std::string canonical = name;
  for (const auto& [alias, real] : kAliases) {
    if (name == alias) canonical = real;
  }
  for (const auto& known : kGeneralRegisters) {
    if (canonical != known.name) continue;
    ScalarRegister out;
    out.isAddress = known.kind == Kind::Address;
    if (frame.index == 0) {
      user_regs_struct regs;
      if (target.readRegisters(frame.tid, regs)) out.value = field(regs, known.offset);
    } else if (known.dwarfNumber >= 0 && frame.registers.known[known.dwarfNumber]) {
      out.value = frame.registers.value[known.dwarfNumber];
    }
    return out;
  }
  return std::nullopt;
}

}  // namespace rwd
