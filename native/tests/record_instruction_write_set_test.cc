// Unit test of WriteSetAnalyzer: for each instruction class, hand-assembled
// bytes (checked with `as` + `objdump -d -M intel`, shown beside them) and
// given registers must give exactly the expected write ranges, control-flow
// facts and lengths. Also checks the Unknown paths and the decode cache.
#include <sys/user.h>

#include <cstdint>
#include <cstdio>
#include <cstring>
#include <initializer_list>
#include <string>
#include <vector>

#include "record/WriteSetAnalyzer.h"
#include "support/Check.h"

using namespace rwd;

namespace {

constexpr uint64_t kRip = 0x401000;
constexpr uint64_t kXsaveSize = 2696;

user_regs_struct baseRegisters() {
  user_regs_struct regs;
  std::memset(&regs, 0, sizeof regs);
  regs.rip = kRip;
  regs.rax = 5;
  regs.rbx = 0x10000;
  regs.rcx = 3;
  regs.rdi = 0x20000;
  regs.rsi = 0x30000;
  regs.rsp = 0x7ffe0000;
  regs.fs_base = 0x7f0000001000;
  regs.gs_base = 0x7f0000009000;
  regs.eflags = 0x202;
  return regs;
}

std::string describe(const std::vector<MemoryRange>& ranges) {
  std::string text = "{";
  char buffer[80];
  for (const MemoryRange& range : ranges) {
    std::snprintf(buffer, sizeof buffer, " [0x%llx,+%llu%s]", static_cast<unsigned long long>(range.address),
                  static_cast<unsigned long long>(range.length), range.maybePartial ? " partial" : "");
    text += buffer;
  }
  return text + " }";
}

struct Case {
  const char* name;
  std::vector<uint8_t> bytes;
};

// Analyzes `bytes` with `regs` and checks ranges and length.
WriteSet expectWrites(WriteSetAnalyzer& analyzer, const Case& c, const user_regs_struct& regs,
                      std::vector<MemoryRange> expected, size_t expectedLength = 0,
                      const VectorRegisterReader* vectors = nullptr) {
  WriteSet out;
  const DigestedInstruction& digest = analyzer.analyze(c.bytes.data(), c.bytes.size(), regs, out, vectors);
  checkThat(out.known, std::string(c.name) + ": known (reason: " + out.reason + ")");
  checkThat(out.ranges == expected,
            std::string(c.name) + ": ranges " + describe(out.ranges) + " expected " + describe(expected));
  size_t length = expectedLength ? expectedLength : c.bytes.size();
  checkThat(digest.length == length,
            std::string(c.name) + ": length " + std::to_string(digest.length) + " expected " + std::to_string(length));
  return out;
}

void expectUnknown(WriteSetAnalyzer& analyzer, const Case& c, const user_regs_struct& regs,
                   const std::string& reasonPart, const VectorRegisterReader* vectors = nullptr) {
  WriteSet out;
  analyzer.analyze(c.bytes.data(), c.bytes.size(), regs, out, vectors);
  checkThat(!out.known, std::string(c.name) + ": must be unknown");
  checkThat(out.reason.find(reasonPart) != std::string::npos,
            std::string(c.name) + ": reason '" + out.reason + "' should mention '" + reasonPart + "'");
}

MemoryRange r(uint64_t address, uint64_t length, bool partial = false) { return MemoryRange{address, length, partial}; }

class FakeVectors : public VectorRegisterReader {
 public:
  uint8_t registers[32][64] = {};
  bool read(unsigned number, size_t bytes, uint8_t* out) const override {
    if (number > 31 || bytes > 64) return false;
    std::memcpy(out, registers[number], bytes);
    return true;
  }
};

void testScalarStores(WriteSetAnalyzer& a) {
  user_regs_struct regs = baseRegisters();
  expectWrites(a, {"mov [rbx],rax", {0x48, 0x89, 0x03}}, regs, {r(0x10000, 8)});
  expectWrites(a, {"mov fs:0x28,rax", {0x64, 0x48, 0x89, 0x04, 0x25, 0x28, 0x00, 0x00, 0x00}}, regs,
               {r(regs.fs_base + 0x28, 8)});
  expectWrites(a, {"mov gs:[rdi],eax", {0x65, 0x89, 0x07}}, regs, {r(regs.gs_base + regs.rdi, 4)});
  // 89 05 00 01 00 00  mov DWORD PTR [rip+0x100],eax
  expectWrites(a, {"mov [rip+0x100],eax", {0x89, 0x05, 0x00, 0x01, 0x00, 0x00}}, regs, {r(kRip + 6 + 0x100, 4)});
  // c6 44 8b f8 01  mov BYTE PTR [rbx+rcx*4-0x8],0x1
  expectWrites(a, {"mov [rbx+rcx*4-8],1", {0xc6, 0x44, 0x8b, 0xf8, 0x01}}, regs, {r(0x10000 + 12 - 8, 1)});
  expectWrites(a, {"mov eax,[rbx]", {0x8b, 0x03}}, regs, {});
  // 67 c6 40 04 01  mov BYTE PTR [eax+0x4],0x1 — 32-bit addressing wraps
  user_regs_struct wrap = regs;
  wrap.rax = 0xFFFFFFFFFFFFFFFEull;
  expectWrites(a, {"mov [eax+4],1", {0x67, 0xc6, 0x40, 0x04, 0x01}}, wrap, {r(2, 1)});
  expectWrites(a, {"stmxcsr [rdi]", {0x0f, 0xae, 0x1f}}, regs, {r(regs.rdi, 4)});
  expectWrites(a, {"setne [rdi]", {0x0f, 0x95, 0x07}}, regs, {r(regs.rdi, 1)});
  expectWrites(a, {"rol dword [rdi],3", {0xc1, 0x07, 0x03}}, regs, {r(regs.rdi, 4)});
  expectWrites(a, {"cmp [rdi],eax", {0x39, 0x07}}, regs, {});
  expectWrites(a, {"test byte [rdi],1", {0xf6, 0x07, 0x01}}, regs, {});
  expectWrites(a, {"nop dword [rax+rax]", {0x0f, 0x1f, 0x04, 0x00}}, regs, {});
  expectWrites(a, {"prefetcht0 [rdi]", {0x0f, 0x18, 0x0f}}, regs, {});
  expectWrites(a, {"xlat", {0xd7}}, regs, {});
  expectWrites(a, {"lodsb", {0xac}}, regs, {});
  // 0f 29 44 24 10  movaps XMMWORD PTR [rsp+0x10],xmm0
  expectWrites(a, {"movaps [rsp+0x10],xmm0", {0x0f, 0x29, 0x44, 0x24, 0x10}}, regs, {r(regs.rsp + 16, 16)});
}

void testStackAndControlFlow(WriteSetAnalyzer& a) {
  user_regs_struct regs = baseRegisters();
  const uint64_t sp = regs.rsp;
  expectWrites(a, {"push rax", {0x50}}, regs, {r(sp - 8, 8)});
  expectWrites(a, {"push [rbx]", {0xff, 0x33}}, regs, {r(sp - 8, 8)});
  // 8f 44 24 08  pop QWORD PTR [rsp+0x8]: the address uses rsp after the pop
  expectWrites(a, {"pop [rsp+8]", {0x8f, 0x44, 0x24, 0x08}}, regs, {r(sp + 16, 8)});
  expectWrites(a, {"pushf", {0x9c}}, regs, {r(sp - 8, 8)});
  expectWrites(a, {"pushw 3", {0x66, 0x6a, 0x03}}, regs, {r(sp - 2, 2)});
  expectWrites(a, {"leave", {0xc9}}, regs, {});
  expectWrites(a, {"enter 32,0", {0xc8, 0x20, 0x00, 0x00}}, regs, {r(sp - 8, 8)});
  expectWrites(a, {"enter 32,3", {0xc8, 0x20, 0x00, 0x03}}, regs, {r(sp - 32, 32)});

  WriteSet out;
  const uint8_t callRax[] = {0xff, 0xd0};
  const DigestedInstruction& indirect = a.analyze(callRax, sizeof callRax, regs, out);
  checkThat(out.ranges == std::vector<MemoryRange>{r(sp - 8, 8)}, "call rax pushes the return address");
  checkThat(indirect.isCall() && indirect.isBranch() && !indirect.hasStaticTarget(), "call rax: indirect call");
  // e8 fb 00 00 00  call rip+0x100
  const uint8_t callNear[] = {0xe8, 0xfb, 0x00, 0x00, 0x00};
  const DigestedInstruction& direct = a.analyze(callNear, sizeof callNear, regs, out);
  checkThat(direct.isCall() && direct.hasStaticTarget() && direct.branchTarget == kRip + 0x100,
            "call rel32: static target");
  checkThat(out.ranges == std::vector<MemoryRange>{r(sp - 8, 8)}, "call rel32 pushes");
  const uint8_t ret[] = {0xc3};
  const DigestedInstruction& returning = a.analyze(ret, 1, regs, out);
  checkThat(returning.isReturn() && returning.isBranch() && !returning.isCall() && out.ranges.empty(),
            "ret: a return that writes nothing");
  // 75 1e  jne rip+0x20
  const uint8_t jne[] = {0x75, 0x1e};
  const DigestedInstruction& conditional = a.analyze(jne, sizeof jne, regs, out);
  checkThat(conditional.isBranch() && conditional.isConditional() && conditional.hasStaticTarget() &&
                conditional.branchTarget == kRip + 0x20 && !conditional.isCall(),
            "jne: conditional branch with target");
  const uint8_t syscall[] = {0x0f, 0x05};
  const DigestedInstruction& sys = a.analyze(syscall, sizeof syscall, regs, out);
  checkThat(sys.isSystemCall() && out.known && out.ranges.empty(), "syscall: flagged, no instruction writes");
  const uint8_t ud2[] = {0x0f, 0x0b};
  a.analyze(ud2, sizeof ud2, regs, out);
  checkThat(out.known && out.ranges.empty(), "ud2 writes nothing");
  expectUnknown(a, {"int 0x80", {0xcd, 0x80}}, regs, "int 0x80");
}

void testStrings(WriteSetAnalyzer& a) {
  user_regs_struct regs = baseRegisters();
  const uint64_t di = regs.rdi;
  const Case stosb{"rep stosb", {0xf3, 0xaa}};
  expectWrites(a, stosb, regs, {r(di, 3)});
  user_regs_struct down = regs;
  down.eflags |= 1u << 10;  // DF=1
  expectWrites(a, stosb, down, {r(di - 2, 3)});
  user_regs_struct none = regs;
  none.rcx = 0;
  expectWrites(a, stosb, none, {});
  const Case stosq{"rep stosq", {0xf3, 0x48, 0xab}};
  expectWrites(a, stosq, down, {r(di - 16, 24)});
  const Case movsb{"rep movsb", {0xf3, 0xa4}};
  expectWrites(a, movsb, none, {});
  user_regs_struct five = regs;
  five.rcx = 5;
  expectWrites(a, movsb, five, {r(di, 5)});
  expectWrites(a, {"movsq", {0x48, 0xa5}}, regs, {r(di, 8)});
  expectWrites(a, {"movsd (string)", {0xa5}}, regs, {r(di, 4)});
  // f2 0f 11 07  movsd QWORD PTR [rdi],xmm0 (SSE, not a string op)
  expectWrites(a, {"movsd [rdi],xmm0", {0xf2, 0x0f, 0x11, 0x07}}, five, {r(di, 8)});

  WriteSetAnalyzer oneStep(XsaveLayout::withAreaSize(kXsaveSize), RepeatedString::OneIteration);
  expectWrites(oneStep, stosq, down, {r(di, 8)});
  expectWrites(oneStep, stosb, none, {});
}

void testAtomicsAndState(WriteSetAnalyzer& a) {
  user_regs_struct regs = baseRegisters();
  const uint64_t di = regs.rdi;
  expectWrites(a, {"cmpxchg [rdi],rsi", {0x48, 0x0f, 0xb1, 0x37}}, regs, {r(di, 8)});
  expectWrites(a, {"lock cmpxchg16b [rdi]", {0xf0, 0x48, 0x0f, 0xc7, 0x0f}}, regs, {r(di, 16)});
  expectWrites(a, {"cmpxchg8b [rdi]", {0x0f, 0xc7, 0x0f}}, regs, {r(di, 8)});
  expectWrites(a, {"xchg [rdi+8],eax", {0x87, 0x47, 0x08}}, regs, {r(di + 8, 4)});
  expectWrites(a, {"lock xadd [rdi],eax", {0xf0, 0x0f, 0xc1, 0x07}}, regs, {r(di, 4)});
  expectWrites(a, {"fxsave [rdi]", {0x0f, 0xae, 0x07}}, regs, {r(di, 512)});
  expectWrites(a, {"xsavec [rdi]", {0x0f, 0xc7, 0x27}}, regs, {r(di, kXsaveSize)});
  expectWrites(a, {"xsave [rdi]", {0x0f, 0xae, 0x27}}, regs, {r(di, kXsaveSize)});
  expectWrites(a, {"fnsave [rdi]", {0xdd, 0x37}}, regs, {r(di, 108)});
  expectWrites(a, {"fnstenv [rdi]", {0xd9, 0x37}}, regs, {r(di, 28)});
  expectWrites(a, {"fstp tbyte [rdi]", {0xdb, 0x3f}}, regs, {r(di, 10)});
  expectWrites(a, {"fistp qword [rdi]", {0xdf, 0x3f}}, regs, {r(di, 8)});
  expectWrites(a, {"fld qword [rdi]", {0xdd, 0x07}}, regs, {});
  // 48 0f ab 07  bts QWORD PTR [rdi],rax: the bit offset selects the qword
  const Case bts{"bts [rdi],rax", {0x48, 0x0f, 0xab, 0x07}};
  user_regs_struct bit = regs;
  bit.rax = 1000;
  expectWrites(a, bts, bit, {r(di + 15 * 8, 8)});
  bit.rax = static_cast<uint64_t>(-1);
  expectWrites(a, bts, bit, {r(di - 8, 8)});
  expectWrites(a, {"btr dword [rdi],3", {0x0f, 0xba, 0x37, 0x03}}, regs, {r(di, 4)});
  // 66 0f 38 f8 07  movdir64b rax,[rdi]: 64 bytes at the address in rax
  expectWrites(a, {"movdir64b rax,[rdi]", {0x66, 0x0f, 0x38, 0xf8, 0x07}}, regs, {r(regs.rax, 64)});
  expectWrites(a, {"movdiri [rdi],eax", {0x0f, 0x38, 0xf9, 0x07}}, regs, {r(di, 4)});
  expectWrites(a, {"maskmovdqu xmm1,xmm2", {0x66, 0x0f, 0xf7, 0xca}}, regs, {r(di, 16, true)});

  WriteSetAnalyzer noSize(XsaveLayout::withAreaSize(0));
  expectUnknown(noSize, {"xsavec [rdi] without size", {0x0f, 0xc7, 0x27}}, regs, "xsave area");

  // With the component geometry known, the bound follows EDX:EAX & XCR0:
  // x87, SSE, AVX (256 at 576), opmask (64 at 1088), ZMM_Hi256 (512 at
  // 1152), Hi16_ZMM (1024 at 1664), tile config (64 at 2752, aligned) and
  // tile data (8192 at 2816, aligned), as on the machines here.
  XsaveLayout layout = XsaveLayout::withAreaSize(11008);
  layout.enabledFeatures = 0x600e7;
  layout.components[2] = {576, 256, false};
  layout.components[5] = {1088, 64, false};
  layout.components[6] = {1152, 512, false};
  layout.components[7] = {1664, 1024, false};
  layout.components[17] = {2752, 64, true};
  layout.components[18] = {2816, 8192, true};
  WriteSetAnalyzer geometry(layout);
  user_regs_struct glibcMask = regs;  // glibc's _dl_runtime_resolve_xsavec asks for 0xee
  glibcMask.rax = 0xee;
  glibcMask.rdx = 0;
  expectWrites(geometry, {"xsavec [rdi], eax=0xee", {0x0f, 0xc7, 0x27}}, glibcMask,
               {r(di, 576 + 256 + 64 + 512 + 1024)});
  expectWrites(geometry, {"xsave [rdi], eax=0xee", {0x0f, 0xae, 0x27}}, glibcMask, {r(di, 1664 + 1024)});
  user_regs_struct everything = regs;
  everything.rax = 0xFFFFFFFF;
  everything.rdx = 0xFFFFFFFF;
  expectWrites(geometry, {"xsavec [rdi], all", {0x0f, 0xc7, 0x27}}, everything, {r(di, 2432 + 64 + 8192)});
  expectWrites(geometry, {"xsaveopt [rdi], all", {0x0f, 0xae, 0x37}}, everything, {r(di, 11008)});
  user_regs_struct legacyOnly = regs;
  legacyOnly.rax = 3;
  legacyOnly.rdx = 0;
  expectWrites(geometry, {"xsave [rdi], x87+SSE", {0x0f, 0xae, 0x27}}, legacyOnly, {r(di, 576)});
}

void testVectorStores(WriteSetAnalyzer& a) {
  user_regs_struct regs = baseRegisters();
  const uint64_t di = regs.rdi;
  // 62 e1 fe 48 7f 47 01  vmovdqu64 ZMMWORD PTR [rdi+0x40],zmm16 (disp8*64)
  expectWrites(a, {"vmovdqu64 [rdi+0x40],zmm16", {0x62, 0xe1, 0xfe, 0x48, 0x7f, 0x47, 0x01}}, regs, {r(di + 0x40, 64)});
  // 62 e1 7f 29 7f 07  vmovdqu8 YMMWORD PTR [rdi]{k1},ymm16
  expectWrites(a, {"vmovdqu8 [rdi]{k1},ymm16", {0x62, 0xe1, 0x7f, 0x29, 0x7f, 0x07}}, regs, {r(di, 32, true)});
  expectWrites(a, {"vmovdqu64 zmm16,[rsi]", {0x62, 0xe1, 0xfe, 0x48, 0x6f, 0x06}}, regs, {});
  // 62 f3 7d 40 3f 4f 01 00  vpcmpeqb k1,zmm16,[rdi+0x40] (Capstone 4 cannot decode it)
  expectWrites(a, {"vpcmpb k1,zmm16,[rdi+0x40],0", {0x62, 0xf3, 0x7d, 0x40, 0x3f, 0x4f, 0x01, 0x00}}, regs, {});
  expectWrites(a, {"kmovd eax,k1", {0xc5, 0xfb, 0x93, 0xc1}}, regs, {});
  // 62 f2 7d 49 8b 17  vpcompressd ZMMWORD PTR [rdi]{k1},zmm2
  expectWrites(a, {"vpcompressd [rdi]{k1},zmm2", {0x62, 0xf2, 0x7d, 0x49, 0x8b, 0x17}}, regs, {r(di, 64, true)});
  // 62 f2 7e 08 32 0f  vpmovqb WORD PTR [rdi],xmm1
  expectWrites(a, {"vpmovqb [rdi],xmm1", {0x62, 0xf2, 0x7e, 0x08, 0x32, 0x0f}}, regs, {r(di, 2)});
  // 62 f3 7d 48 3b 4f 01 01  vextracti32x8 YMMWORD PTR [rdi+0x20],zmm1,0x1 (disp8*32)
  expectWrites(a, {"vextracti32x8 [rdi+0x20],zmm1,1", {0x62, 0xf3, 0x7d, 0x48, 0x3b, 0x4f, 0x01, 0x01}}, regs,
               {r(di + 0x20, 32)});
  expectWrites(a, {"vmovdqu [rdi],ymm1", {0xc5, 0xfe, 0x7f, 0x0f}}, regs, {r(di, 32)});
  expectWrites(a, {"vmovdqa [rsp],ymm0", {0xc5, 0xfd, 0x7f, 0x04, 0x24}}, regs, {r(regs.rsp, 32)});
  expectWrites(a, {"vmovups ymm1,[rdi]", {0xc5, 0xfc, 0x10, 0x0f}}, regs, {});
  expectWrites(a, {"vmaskmovps [rdi],ymm1,ymm2", {0xc4, 0xe2, 0x75, 0x2e, 0x17}}, regs, {r(di, 32, true)});
  expectWrites(a, {"vpmaskmovd [rdi],xmm1,xmm2", {0xc4, 0xe2, 0x71, 0x8e, 0x17}}, regs, {r(di, 16, true)});
  expectWrites(a, {"vzeroupper", {0xc5, 0xf8, 0x77}}, regs, {});
  // c5 f9 7e 0f  vmovd DWORD PTR [rdi],xmm1
  expectWrites(a, {"vmovd [rdi],xmm1", {0xc5, 0xf9, 0x7e, 0x0f}}, regs, {r(di, 4)});
  // c4 e1 f9 91 0f  kmovd DWORD PTR [rdi],k1
  expectWrites(a, {"kmovd [rdi],k1", {0xc4, 0xe1, 0xf9, 0x91, 0x0f}}, regs, {r(di, 4)});
  // 62 e1 fe 08 7f 05 10 00 00 00  vmovdqu64 XMMWORD PTR [rip+0x10],xmm16
  expectWrites(a, {"vmovdqu64 [rip+0x10],xmm16", {0x62, 0xe1, 0xfe, 0x08, 0x7f, 0x05, 0x10, 0x00, 0x00, 0x00}}, regs,
               {r(kRip + 10 + 0x10, 16)});
  // 64 62 e1 fe 48 7f 07  vmovdqu64 ZMMWORD PTR fs:[rdi],zmm16
  expectWrites(a, {"vmovdqu64 fs:[rdi],zmm16", {0x64, 0x62, 0xe1, 0xfe, 0x48, 0x7f, 0x07}}, regs,
               {r(regs.fs_base + di, 64)});
}

void testScatters(WriteSetAnalyzer& a) {
  user_regs_struct regs = baseRegisters();
  FakeVectors vectors;
  // zmm1 lanes: i*10 - 20 as signed dwords.
  for (int lane = 0; lane < 16; ++lane) {
    int32_t index = lane * 10 - 20;
    std::memcpy(vectors.registers[1] + lane * 4, &index, 4);
  }
  // 62 f2 7d 49 a0 14 8f  vpscatterdd DWORD PTR [rdi+zmm1*4]{k1},zmm2
  const Case dd{"vpscatterdd [rdi+zmm1*4]{k1},zmm2", {0x62, 0xf2, 0x7d, 0x49, 0xa0, 0x14, 0x8f}};
  std::vector<MemoryRange> expected;
  for (int lane = 0; lane < 16; ++lane)
    expected.push_back(r(regs.rdi + static_cast<uint64_t>(static_cast<int64_t>(lane * 10 - 20) * 4), 4, true));
  expectWrites(a, dd, regs, expected, 0, &vectors);
  expectUnknown(a, dd, regs, "vector registers");

  // 62 f2 fd 22 a1 5c c8 02  vpscatterqq QWORD PTR [rax+ymm17*8+0x10]{k2},ymm3
  const int64_t lanes[4] = {0, 1, -1, 100};
  std::memcpy(vectors.registers[17], lanes, sizeof lanes);
  std::vector<MemoryRange> expectedQ;
  for (int64_t lane : lanes) expectedQ.push_back(r(regs.rax + 0x10 + static_cast<uint64_t>(lane * 8), 8, true));
  expectWrites(a, {"vpscatterqq [rax+ymm17*8+0x10]{k2},ymm3", {0x62, 0xf2, 0xfd, 0x22, 0xa1, 0x5c, 0xc8, 0x02}}, regs,
               expectedQ, 0, &vectors);
}

void testUnknownAndCache() {
  WriteSetAnalyzer a(XsaveLayout::withAreaSize(kXsaveSize));
  user_regs_struct regs = baseRegisters();
  expectUnknown(a, {"push es (invalid in 64-bit mode)", {0x06}}, regs, "06");
  expectUnknown(a, {"truncated vmovdqu64", {0x62, 0xe1}}, regs, "truncated");
  expectUnknown(a, {"no bytes", {}}, regs, "undecodable");

  const uint8_t store[] = {0x48, 0x89, 0x03};  // mov [rbx],rax
  const uint8_t load[] = {0x48, 0x8b, 0x03};   // mov rax,[rbx]
  WriteSet out;
  a.analyze(store, sizeof store, regs, out);
  a.analyze(store, sizeof store, regs, out);
  checkThat(a.cache().hits() == 1 && a.cache().misses() == 4, "second lookup of the same bytes is a hit");
  a.analyze(load, sizeof load, regs, out);
  checkThat(out.ranges.empty(), "changed bytes at the same address are decoded again");
  checkThat(a.cache().misses() == 5, "changed bytes count as a miss");
  a.cache().forget(kRip + 1, 1);
  checkThat(a.cache().size() == 0, "forget drops overlapping entries");
}

}  // namespace

int main() {
  WriteSetAnalyzer analyzer(XsaveLayout::withAreaSize(kXsaveSize));
  testScalarStores(analyzer);
  testStackAndControlFlow(analyzer);
  testStrings(analyzer);
  testAtomicsAndState(analyzer);
  testVectorStores(analyzer);
  testScatters(analyzer);
  testUnknownAndCache();
  return checkSummary("record_instruction_write_set_test");
}
