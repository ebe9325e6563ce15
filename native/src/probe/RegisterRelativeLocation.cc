// RegisterRelativeLocation: a small symbolic walk of DWARF location
// expressions (reg, breg, fbreg, addr, plus_uconst, call_frame_cfa).
#include "probe/RegisterRelativeLocation.h"

#include <dwarf.h>
#include <elfutils/libdwfl.h>
#include <sys/user.h>

#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <optional>

namespace rwd {

namespace {

using Location = RegisterRelativeLocation;

Location unavailable(std::string why) {
  Location location;
  location.problem = std::move(why);
  return location;
}

// The CFA at `pc` (a DWARF address) as register + offset.
Location cfaAt(const FrameContext& context, Dwarf_Addr pc) {
  for (int pass = 0; pass < 2; ++pass) {
    Dwarf_Addr bias = 0;
    Dwarf_CFI* cfi =
        pass == 0 ? dwfl_module_eh_cfi(context.module, &bias) : dwfl_module_dwarf_cfi(context.module, &bias);
    if (!cfi) continue;
    Dwarf_Frame* frame = nullptr;
    if (dwarf_cfi_addrframe(cfi, pc + context.bias - bias, &frame) != 0) continue;
    Dwarf_Op* ops = nullptr;
    size_t count = 0;
    const bool ok = dwarf_frame_cfa(frame, &ops, &count) == 0 && count == 1 &&
                    (ops[0].atom == DW_OP_bregx || (ops[0].atom >= DW_OP_breg0 && ops[0].atom <= DW_OP_breg31));
    Location location;
    if (ok) {
      location.kind = Location::Kind::AtRegisterOffset;
      location.dwarfRegister = ops[0].atom == DW_OP_bregx ? static_cast<int>(ops[0].number) : ops[0].atom - DW_OP_breg0;
      location.offset = static_cast<int64_t>(ops[0].atom == DW_OP_bregx ? ops[0].number2 : ops[0].number);
    }
    free(frame);
    if (ok) return location;
    return unavailable("the frame's CFA rule is not a register plus an offset");
  }
  return unavailable("no call frame information for this pc");
}

Location evaluate(const FrameContext& context, const Dwarf_Op* ops, size_t count, bool isFrameBase);

// DW_AT_frame_base of the function around the pc.
Location frameBase(const FrameContext& context) {
  if (context.frameBaseScope < 0) return unavailable("no function around the pc");
  Dwarf_Die function = context.scopes[context.frameBaseScope];
  Dwarf_Attribute attribute;
  if (!dwarf_attr(&function, DW_AT_frame_base, &attribute)) return unavailable("the function has no frame base");
  Dwarf_Op* ops = nullptr;
  size_t count = 0;
  if (dwarf_getlocation_addr(&attribute, context.frame.lookupPc - context.bias, &ops, &count, 1) <= 0) {
    return unavailable("the frame base is not known at this pc");
  }
  return evaluate(context, ops, count, true);
}

Location evaluate(const FrameContext& context, const Dwarf_Op* ops, size_t count, bool isFrameBase) {
  Location location;
  for (size_t i = 0; i < count; ++i) {
    const Dwarf_Op& op = ops[i];
    if (op.atom >= DW_OP_reg0 && op.atom <= DW_OP_reg31 && count == 1) {
      location.kind = isFrameBase ? Location::Kind::AtRegisterOffset : Location::Kind::InRegister;
      location.dwarfRegister = op.atom - DW_OP_reg0;
    } else if (op.atom == DW_OP_regx && count == 1) {
      location.kind = isFrameBase ? Location::Kind::AtRegisterOffset : Location::Kind::InRegister;
      location.dwarfRegister = static_cast<int>(op.number);
    } else if (op.atom >= DW_OP_breg0 && op.atom <= DW_OP_breg31 && i == 0) {
      location.kind = Location::Kind::AtRegisterOffset;
      location.dwarfRegister = op.atom - DW_OP_breg0;
      location.offset = static_cast<int64_t>(op.number);
    } else if (op.atom == DW_OP_bregx && i == 0) {
      location.kind = Location::Kind::AtRegisterOffset;
      location.dwarfRegister = static_cast<int>(op.number);
      location.offset = static_cast<int64_t>(op.number2);
    } else if (op.atom == DW_OP_fbreg && i == 0 && !isFrameBase) {
      location = frameBase(context);
      if (location.kind != Location::Kind::AtRegisterOffset) {
        return location.kind == Location::Kind::Unavailable ? location
                                                            : unavailable("the frame base is not in a register");
      }
      location.offset += static_cast<int64_t>(op.number);
    } else if (op.atom == DW_OP_call_frame_cfa && i == 0) {
      location = cfaAt(context, context.frame.lookupPc - context.bias);
      if (location.kind == Location::Kind::Unavailable) return location;
    } else if (op.atom == DW_OP_addr && i == 0) {
      location.kind = Location::Kind::AtAddress;
      location.address = op.number + context.bias;
    } else if (op.atom == DW_OP_plus_uconst && i > 0 && location.kind != Location::Kind::InRegister) {
      location.offset += static_cast<int64_t>(op.number);
      location.address += op.number;
    } else {
      return unavailable("its DWARF location uses an operation a probe does not follow (0x" + [](unsigned atom) {
        char text[8];
        std::snprintf(text, sizeof text, "%02x", atom);
        return std::string(text);
      }(op.atom) + ")");
    }
  }
  if (location.kind == Location::Kind::Unavailable && location.problem.empty()) location.problem = "empty location";
  return location;
}

}  // namespace

Location RegisterRelativeLocation::of(const FrameContext& context, Dwarf_Die* variable) {
  Dwarf_Attribute attribute;
  if (dwarf_attr(variable, DW_AT_const_value, &attribute)) return unavailable("it is a constant without a location");
  if (!dwarf_attr(variable, DW_AT_location, &attribute)) return unavailable("it has no location (optimized out)");
  Dwarf_Op* ops = nullptr;
  size_t count = 0;
  if (dwarf_getlocation_addr(&attribute, context.frame.lookupPc - context.bias, &ops, &count, 1) <= 0) {
    return unavailable("it has no location at this pc (optimized out)");
  }
  auto location = evaluate(context, ops, count, false);
  if ((location.kind == Location::Kind::InRegister || location.kind == Location::Kind::AtRegisterOffset) &&
      contextOffset(location.dwarfRegister) < 0) {
    return unavailable("it lives in a register a probe cannot read (DWARF register " +
                       std::to_string(location.dwarfRegister) + ")");
  }
  return location;
}

int RegisterRelativeLocation::contextOffset(int number) {
  switch (number) {
    case 0:
      return offsetof(user_regs_struct, rax);
    case 1:
      return offsetof(user_regs_struct, rdx);
    case 2:
      return offsetof(user_regs_struct, rcx);
    case 3:
      return offsetof(user_regs_struct, rbx);
    case 4:
      return offsetof(user_regs_struct, rsi);
    case 5:
      return offsetof(user_regs_struct, rdi);
    case 6:
      return offsetof(user_regs_struct, rbp);
    case 7:
      return offsetof(user_regs_struct, rsp);
    case 8:
      return offsetof(user_regs_struct, r8);
    case 9:
      return offsetof(user_regs_struct, r9);
    case 10:
      return offsetof(user_regs_struct, r10);
    case 11:
      return offsetof(user_regs_struct, r11);
    case 12:
      return offsetof(user_regs_struct, r12);
    case 13:
      return offsetof(user_regs_struct, r13);
    case 14:
      return offsetof(user_regs_struct, r14);
    case 15:
      return offsetof(user_regs_struct, r15);
    case 16:
      return offsetof(user_regs_struct, rip);
  }
  return -1;
}

}  // namespace rwd
