// VectorInstructionDigester: VEX/EVEX field decoding and the table of
// vector instructions that write memory (Intel SDM vol. 2 opcode maps).
#include "record/VectorInstructionDigester.h"

#include <string>

namespace rwd {

namespace {

enum class StoreKind { NotAStore, Store, Scatter, ImplicitRdi, Unsupported };

struct StoreSpec {
  StoreKind kind = StoreKind::NotAStore;
  uint32_t size = 0;        // bytes written
  uint32_t disp8Scale = 1;  // EVEX compressed displacement factor N
  bool masked = false;      // may write only part of `size`
};

struct VectorFields {
  bool evex = false;
  uint8_t map = 0;
  uint8_t pp = 0;  // 0: none, 1: 66, 2: F3, 3: F2
  bool w = false;
  uint8_t lengthCode = 0;  // VEX.L or EVEX.L'L
  bool extendReg = false, extendIndex = false, extendBase = false;
  bool highVectorIndex = false;  // EVEX.V' (bit 4 of a VSIB index)
  uint8_t opmask = 0;            // EVEX.aaa
  size_t opcodeOffset = 0;       // offset of the opcode byte in the instruction
};

StoreSpec store(uint32_t size, uint32_t scale, bool masked = false) {
  return StoreSpec{StoreKind::Store, size, scale, masked};
}

StoreSpec vexStore(const VectorFields& f, uint8_t opcode, const ModrmOperand& modrm) {
  const uint32_t vl = f.lengthCode ? 32 : 16;
  const bool p0or66 = f.pp == 0 || f.pp == 1;
  if (f.map == 1) {
    switch (opcode) {
      case 0x11:  // vmovups/vmovupd/vmovss/vmovsd
        if (p0or66) return store(vl, 1);
        return store(f.pp == 2 ? 4 : 8, 1);
      case 0x13:
      case 0x17:  // vmovlps/vmovlpd/vmovhps/vmovhpd
        if (p0or66) return store(8, 1);
        break;
      case 0x29:
      case 0x2B:  // vmovaps/vmovapd/vmovntps/vmovntpd
        if (p0or66) return store(vl, 1);
        break;
      case 0x7E:  // vmovd/vmovq r/m, xmm
        if (f.pp == 1) return store(f.w ? 8 : 4, 1);
        break;
      case 0x7F:  // vmovdqa/vmovdqu
        if (f.pp == 1 || f.pp == 2) return store(vl, 1);
        break;
      case 0xD6:
        if (f.pp == 1) return store(8, 1);
        break;  // vmovq m64, xmm
      case 0xE7:
        if (f.pp == 1) return store(vl, 1);
        break;    // vmovntdq
      case 0x91:  // kmovw/kmovq (no prefix), kmovb/kmovd (66) m, k
        if (f.pp == 0) return store(f.w ? 8 : 2, 1);
        if (f.pp == 1) return store(f.w ? 4 : 1, 1);
        break;
      case 0xAE:  // vstmxcsr m32 (/3); vldmxcsr (/2) reads
        if (modrm.reg == 3) return store(4, 1);
        break;
      case 0xF7:  // vmaskmovdqu xmm, xmm: byte-masked store to [rdi]
        if (f.pp == 1) return StoreSpec{StoreKind::ImplicitRdi, 16, 1, true};
        break;
    }
  } else if (f.map == 2) {
    switch (opcode) {
      case 0x2E:
      case 0x2F:
      case 0x8E:  // vmaskmovps/vmaskmovpd/vpmaskmovd/q stores
        if (f.pp == 1) return store(vl, 1, true);
        break;
      case 0x49:  // sttilecfg m512 (66); ldtilecfg (none) reads
        if (f.pp == 1) return store(64, 1);
        break;
      case 0x4B:  // tilestored (F3)
        if (f.pp == 2) return StoreSpec{StoreKind::Unsupported};
        break;
    }
  } else if (f.map == 3 && f.pp == 1) {
    switch (opcode) {
      case 0x14:
        return store(1, 1);  // vpextrb
      case 0x15:
        return store(2, 1);  // vpextrw
      case 0x16:
        return store(f.w ? 8 : 4, 1);  // vpextrd/vpextrq
      case 0x17:
        return store(4, 1);  // vextractps
      case 0x19:
      case 0x39:
        return store(16, 1);  // vextractf128/vextracti128
      case 0x1D:
        return store(vl / 2, 1);  // vcvtps2ph
    }
  }
  return StoreSpec{};
}

StoreSpec evexStore(const VectorFields& f, uint8_t opcode) {
  const uint32_t vl = 16u << f.lengthCode;
  const bool p0or66 = f.pp == 0 || f.pp == 1;
  const bool masked = f.opmask != 0;
  if (f.map == 1) {
    switch (opcode) {
      case 0x11:  // vmovups/vmovupd (full vector), vmovss/vmovsd (scalar)
        if (p0or66) return store(vl, vl, masked);
        return f.pp == 2 ? store(4, 4, masked) : store(8, 8, masked);
      case 0x13:
      case 0x17:  // vmovlps/vmovlpd/vmovhps/vmovhpd
        if (p0or66) return store(8, 8);
        break;
      case 0x29:
      case 0x2B:  // vmovaps/vmovapd/vmovntps/vmovntpd
        if (p0or66) return store(vl, vl, masked);
        break;
      case 0x7E:  // vmovd/vmovq r/m, xmm
        if (f.pp == 1) return f.w ? store(8, 8) : store(4, 4);
        break;
      case 0x7F:  // vmovdqa32/64 (66), vmovdqu32/64 (F3), vmovdqu8/16 (F2)
        if (f.pp != 0) return store(vl, vl, masked);
        break;
      case 0xD6:
        if (f.pp == 1) return store(8, 8);
        break;  // vmovq m64, xmm
      case 0xE7:
        if (f.pp == 1) return store(vl, vl);
        break;  // vmovntdq
    }
  } else if (f.map == 2) {
    if (f.pp == 2 && (opcode & 0xF0) >= 0x10 && (opcode & 0xF0) <= 0x30 && (opcode & 0x0F) <= 5) {
      // vpmov[s|us]{wb,db,qb,dw,qw,qd}: down-converting stores.
      static constexpr uint32_t ratio[6] = {2, 4, 8, 2, 4, 2};
      uint32_t size = vl / ratio[opcode & 0x0F];
      return store(size, size, masked);
    }
    if (f.pp == 1) {
      switch (opcode) {
        case 0x8A:
        case 0x8B:  // vcompressps/pd, vpcompressd/q
          return store(vl, f.w ? 8 : 4, true);
        case 0x63:  // vpcompressb/w
          return store(vl, f.w ? 2 : 1, true);
        case 0xA0:
        case 0xA1:
        case 0xA2:
        case 0xA3:
          return StoreSpec{StoreKind::Scatter, 0, f.w ? 8u : 4u, true};
      }
    }
  } else if (f.map == 3 && f.pp == 1) {
    switch (opcode) {
      case 0x14:
        return store(1, 1);  // vpextrb
      case 0x15:
        return store(2, 2);  // vpextrw
      case 0x16:
        return f.w ? store(8, 8) : store(4, 4);  // vpextrd/q
      case 0x17:
        return store(4, 4);  // vextractps
      case 0x19:
      case 0x39:
        return store(16, 16, masked);  // vextract[fi]32x4 / 64x2
      case 0x1B:
      case 0x3B:
        return store(32, 32, masked);  // vextract[fi]32x8 / 64x4
      case 0x1D:
        return store(vl / 2, vl / 2, masked);  // vcvtps2ph
    }
  } else if (f.map == 5) {
    if (opcode == 0x11 && f.pp == 2) return store(2, 2, masked);  // vmovsh m16
    if (opcode == 0x7E && f.pp == 1) return store(2, 2);          // vmovw m16
  }
  return StoreSpec{};
}

bool hasImmediate(const VectorFields& f, uint8_t opcode) {
  if (f.map == 3) return true;
  if (f.map == 1) {
    switch (opcode) {
      case 0x70:
      case 0x71:
      case 0x72:
      case 0x73:
      case 0xC2:
      case 0xC4:
      case 0xC5:
      case 0xC6:
        return true;
    }
  }
  return false;
}

DigestedInstruction unknown(const uint8_t* bytes, size_t available, const char* why) {
  DigestedInstruction result;
  result.recipe = WriteRecipe::Unknown;
  result.description =
      std::string(why) + " (bytes " + X86EncodingParser::bytesText(bytes, available < 15 ? available : 15) + ")";
  return result;
}

}  // namespace

DigestedInstruction VectorInstructionDigester::digest(uint64_t address, const uint8_t* bytes, size_t available,
                                                      const LegacyPrefixes& prefixes) {
  if (available > 15) available = 15;
  const size_t start = prefixes.length;
  if (prefixes.operandSize16 || prefixes.repeat || prefixes.lock || prefixes.rex)
    return unknown(bytes, available, "invalid prefix before a VEX/EVEX instruction");
  VectorFields f;
  const uint8_t escape = bytes[start];
  if (escape == 0xC5) {
    if (available < start + 3) return unknown(bytes, available, "truncated VEX instruction");
    uint8_t b1 = bytes[start + 1];
    f.extendReg = !(b1 & 0x80);
    f.lengthCode = (b1 >> 2) & 1;
    f.pp = b1 & 3;
    f.map = 1;
    f.opcodeOffset = start + 2;
  } else if (escape == 0xC4) {
    if (available < start + 4) return unknown(bytes, available, "truncated VEX instruction");
    uint8_t b1 = bytes[start + 1], b2 = bytes[start + 2];
    f.extendReg = !(b1 & 0x80);
    f.extendIndex = !(b1 & 0x40);
    f.extendBase = !(b1 & 0x20);
    f.map = b1 & 0x1F;
    f.w = b2 & 0x80;
    f.lengthCode = (b2 >> 2) & 1;
    f.pp = b2 & 3;
    f.opcodeOffset = start + 3;
    if (f.map < 1 || f.map > 3) return unknown(bytes, available, "VEX instruction in an unsupported opcode map");
  } else {
    if (available < start + 5) return unknown(bytes, available, "truncated EVEX instruction");
    uint8_t p0 = bytes[start + 1], p1 = bytes[start + 2], p2 = bytes[start + 3];
    f.evex = true;
    f.extendReg = !(p0 & 0x80);
    f.extendIndex = !(p0 & 0x40);
    f.extendBase = !(p0 & 0x20);
    f.map = p0 & 0x07;
    f.w = p1 & 0x80;
    f.pp = p1 & 3;
    f.lengthCode = (p2 >> 5) & 3;
    f.highVectorIndex = !(p2 & 0x08);
    f.opmask = p2 & 7;
    f.opcodeOffset = start + 4;
    if ((p0 & 0x08) || !(p1 & 0x04)) return unknown(bytes, available, "EVEX instruction with extended (APX) fields");
    if (f.map != 1 && f.map != 2 && f.map != 3 && f.map != 5 && f.map != 6)
      return unknown(bytes, available, "EVEX instruction in an unsupported opcode map");
  }
  const uint8_t opcode = bytes[f.opcodeOffset];
  size_t position = f.opcodeOffset + 1;

  DigestedInstruction result;
  ModrmOperand modrm;
  const bool hasModrm = !(escape != 0x62 && f.map == 1 && opcode == 0x77);  // vzeroupper/vzeroall
  if (hasModrm) {
    if (!X86EncodingParser::parseModrm(bytes + position, available - position, f.extendBase, f.extendIndex,
                                       prefixes.address32, prefixes.segment, modrm))
      return unknown(bytes, available, "truncated vector instruction");
    position += modrm.length;
  }
  if (hasImmediate(f, opcode)) position += 1;
  if (position > available) return unknown(bytes, available, "truncated vector instruction");
  result.length = static_cast<uint8_t>(position);

  StoreSpec spec = f.evex ? evexStore(f, opcode) : vexStore(f, opcode, modrm);
  if (spec.kind == StoreKind::NotAStore) return result;
  if (spec.kind == StoreKind::Unsupported)
    return unknown(bytes, result.length, "AMX tile store (tilestored) is not supported by the recorder");
  if (spec.kind == StoreKind::ImplicitRdi) {
    if (modrm.isMemory) return result;  // not a valid encoding; it faults
    result.recipe = WriteRecipe::ImplicitRdi;
    result.size = spec.size;
    result.maybePartial = true;
    result.address.address32 = prefixes.address32;
    return result;
  }
  if (!modrm.isMemory) return result;  // register-to-register form
  if (f.evex && f.lengthCode == 3) return unknown(bytes, result.length, "EVEX store with a reserved vector length");

  AddressExpression expression = modrm.address;
  if (f.evex && modrm.hasDisp8) expression.displacement *= static_cast<int64_t>(spec.disp8Scale);
  if (modrm.ripRelative) {
    uint64_t target = address + result.length + static_cast<uint64_t>(expression.displacement);
    if (prefixes.address32) target &= 0xFFFFFFFFu;
    expression.displacement = static_cast<int64_t>(target);
    expression.base = kNoRegister;
  }

  if (spec.kind == StoreKind::Scatter) {
    if (!modrm.hasSib) return unknown(bytes, result.length, "scatter without a VSIB operand");
    const uint32_t vl = 16u << f.lengthCode;
    const uint8_t indexSize = (opcode == 0xA0 || opcode == 0xA2) ? 4 : 8;
    const uint8_t elementSize = static_cast<uint8_t>(spec.disp8Scale);
    result.recipe = WriteRecipe::Scatter;
    result.elementSize = elementSize;
    result.indexSize = indexSize;
    result.elementCount = static_cast<uint8_t>(vl / (elementSize > indexSize ? elementSize : indexSize));
    result.indexVector = static_cast<uint8_t>(modrm.sibIndex | (f.highVectorIndex ? 16 : 0));
    expression.index = kNoRegister;  // the index is a vector register, read at evaluation time
    result.address = expression;
    result.maybePartial = true;
    return result;
  }
  result.recipe = WriteRecipe::Operand;
  result.size = spec.size;
  result.maybePartial = spec.masked;
  result.address = expression;
  return result;
}

}  // namespace rwd
