// Cross-check of the recorder's instruction digests against binutils'
// objdump, an independent x86 decoder, on the real libraries of this machine
// (libc, ld.so, libm, libstdc++) and on a listing assembled here with `as`
// that holds every entry of the digester's store tables and the tricky legacy
// forms (push/pop with memory, bit strings, x87 and xsave stores, string
// stores, movdir64b...). For every instruction objdump decodes: the digested
// length must equal objdump's; and the write recipe must match what the
// instruction set says, judged here from objdump's text alone — a memory
// first operand is a store with the same displacement and at least
// objdump's size, unless the mnemonic only reads it (cmp, test, bt, jmp,
// x87 loads...); push/call/enter write the stack; stos/movs/ins are string
// stores; maskmov*, movdir64b and clzero write through a register; anything
// else writes no memory. This audits Capstone 4's legacy decoding and the
// digester's own VEX/EVEX decoding (Capstone cannot decode glibc's EVEX code)
// with one rule book.
#include <elf.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "record/InstructionDigester.h"
#include "support/Check.h"

using namespace rwd;

namespace {

struct Section {
  uint64_t address = 0, size = 0;
  const uint8_t* bytes = nullptr;
};

// The .text section of an ELF file, mapped read-only.
bool loadText(const char* path, Section& text) {
  int fd = open(path, O_RDONLY);
  if (fd < 0) return false;
  struct stat info;
  fstat(fd, &info);
  void* mapped = mmap(nullptr, info.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
  close(fd);
  if (mapped == MAP_FAILED) return false;
  const auto* base = static_cast<const uint8_t*>(mapped);
  const auto* header = reinterpret_cast<const Elf64_Ehdr*>(base);
  const auto* sections = reinterpret_cast<const Elf64_Shdr*>(base + header->e_shoff);
  const char* names = reinterpret_cast<const char*>(base + sections[header->e_shstrndx].sh_offset);
  for (int i = 0; i < header->e_shnum; ++i) {
    if (std::strcmp(names + sections[i].sh_name, ".text") != 0) continue;
    text = Section{sections[i].sh_addr, sections[i].sh_size, base + sections[i].sh_offset};
    return true;
  }
  return false;
}

// Legacy forms and every VEX/EVEX store form the digester knows, with loads around them.
const char kListing[] =
    ".intel_syntax noprefix\n"
    "push qword ptr [rip+0x40]\n"
    "pushw 3\n"
    "pop qword ptr [rsp+8]\n"
    "pop word ptr [rsp+8]\n"
    "pushfq\n"
    "call qword ptr fs:[rax+8]\n"
    "enter 0x20, 2\n"
    "rep stosq\n"
    "movsw\n"
    "rep insb\n"
    "lock cmpxchg16b [rdi+0x10]\n"
    "cmpxchg8b [rdi+8]\n"
    "xchg [rsp+8], rax\n"
    "lock xadd [rdi+4], ecx\n"
    "bts qword ptr [rdi+8], rax\n"
    "btc word ptr [rdi+8], cx\n"
    "btr dword ptr [rdi+4], 3\n"
    "bt qword ptr [rdi+8], rax\n"
    "fxsave [rdi+0x10]\n"
    "fxsave64 [rdi+0x10]\n"
    "xsave [rdi+0x40]\n"
    "xsavec64 [rdi+0x40]\n"
    "xsaveopt [rdi+0x40]\n"
    "fnsave [rdi+8]\n"
    "fnstenv [rdi+8]\n"
    "fstp tbyte ptr [rdi+8]\n"
    "fst dword ptr [rdi+4]\n"
    "fisttp qword ptr [rdi+8]\n"
    "fbstp tbyte ptr [rdi+8]\n"
    "fnstcw word ptr [rdi+2]\n"
    "fnstsw word ptr [rdi+2]\n"
    "stmxcsr dword ptr [rdi+4]\n"
    "sgdt [rdi]\n"
    "smsw word ptr [rdi]\n"
    "movdir64b rax, [rdi]\n"
    "movdiri [rdi+8], rax\n"
    "maskmovq mm1, mm2\n"
    "maskmovdqu xmm1, xmm2\n"
    "movnti [rdi+8], rax\n"
    "movntq [rdi+8], mm1\n"
    "movbe [rdi+4], eax\n"
    "pextrw word ptr [rdi+2], xmm1, 1\n"
    "extractps dword ptr [rdi+4], xmm1, 1\n"
    "movhps qword ptr [rdi+8], xmm1\n"
    "movntdq [rdi+0x10], xmm1\n"
    "setne byte ptr [rdi+1]\n"
    "rcl dword ptr [rdi+4], cl\n"
    "shld dword ptr [rdi+4], eax, 3\n"
    "not qword ptr gs:[rdi+8]\n"
    "mov word ptr [rdi], fs\n"
    "mov byte ptr [eax+ecx*2+1], 5\n"
    "mov qword ptr [rip+0x200], 7\n"
    "test byte ptr [rdi+1], 1\n"
    "cmp qword ptr [rdi+8], rax\n"
    "imul qword ptr [rdi+8]\n"
    "div dword ptr [rdi+4]\n"
    "fld tbyte ptr [rdi+8]\n"
    "fiadd word ptr [rdi+2]\n"
    "fldcw word ptr [rdi+2]\n"
    "ldmxcsr dword ptr [rdi+4]\n"
    "fxrstor [rdi]\n"
    "xrstor [rdi]\n"
    "prefetchw byte ptr [rdi]\n"
    "clflushopt byte ptr [rdi]\n"
    "nop word ptr cs:[rax+rax]\n"
    "xlatb\n"
    "cmpsb\n"
    "jmp qword ptr [rip+0x10]\n"
    "rdpkru\n"
    "wrpkru\n"
    "rdpid rax\n"
    "serialize\n"
    "clzero\n"
    "vmovups [rdi+0x10], xmm1\n"
    "vmovupd [rdi+0x20], ymm1\n"
    "vmovss [rdi+4], xmm1\n"
    "vmovsd [rdi+8], xmm1\n"
    "vmovlps [rdi+8], xmm1\n"
    "vmovlpd [rdi+8], xmm1\n"
    "vmovhps [rdi+8], xmm1\n"
    "vmovhpd [rdi+8], xmm1\n"
    "vmovaps [rdi+0x20], ymm1\n"
    "vmovapd [rdi+0x20], xmm1\n"
    "vmovntps [rdi+0x20], ymm1\n"
    "vmovntpd [rdi+0x20], ymm1\n"
    "vmovd [rdi+4], xmm1\n"
    "vmovq [rdi+8], xmm1\n"
    "vmovdqa [rdi+0x20], ymm1\n"
    "vmovdqu [rdi+0x20], xmm1\n"
    "vmovntdq [rdi+0x20], ymm1\n"
    "kmovw [rdi+2], k1\n"
    "kmovb [rdi+1], k1\n"
    "kmovd [rdi+4], k1\n"
    "kmovq [rdi+8], k1\n"
    "vstmxcsr [rdi+4]\n"
    "vldmxcsr [rdi+4]\n"
    "vmaskmovdqu xmm1, xmm2\n"
    "vmaskmovps [rdi+0x20], ymm1, ymm2\n"
    "vmaskmovpd [rdi+0x10], xmm1, xmm2\n"
    "vpmaskmovd [rdi+0x20], ymm1, ymm2\n"
    "vpmaskmovq [rdi+0x10], xmm1, xmm2\n"
    "vpextrb [rdi+1], xmm1, 1\n"
    "vpextrw [rdi+2], xmm1, 1\n"
    "vpextrd [rdi+4], xmm1, 1\n"
    "vpextrq [rdi+8], xmm1, 1\n"
    "vextractps [rdi+4], xmm1, 1\n"
    "vextractf128 [rdi+0x10], ymm1, 1\n"
    "vextracti128 [rdi+0x10], ymm1, 1\n"
    "vcvtps2ph [rdi+0x10], ymm1, 0\n"
    "vcvtps2ph [rdi+8], xmm1, 0\n"
    "vshufps ymm1, ymm2, [rdi+0x20], 1\n"
    "vpshufd ymm1, [rdi+0x20], 1\n"
    "vcmpps ymm1, ymm2, [rdi+0x20], 1\n"
    "vpinsrw xmm1, xmm2, [rdi+2], 1\n"
    "vpalignr ymm1, ymm2, [rdi+0x20], 3\n"
    "vpsrldq ymm1, ymm2, 3\n"
    "vzeroupper\n"
    "vzeroall\n"
    "vbroadcastss ymm1, [rdi+4]\n"
    "vpgatherdd ymm1, [rdi+ymm2*4+0x10], ymm3\n"
    "andn eax, ebx, [rdi+4]\n"
    "shlx rax, [rdi+8], rbx\n"
    "rorx eax, [rdi+4], 3\n"
    "vmovups [rdi+0x40], zmm17\n"
    "vmovups [rdi+0x20]{k1}, ymm1\n"
    "vmovupd [rdi+0x10], xmm17\n"
    "vmovss [rdi+4]{k1}, xmm17\n"
    "vmovsd [rdi+0x10], xmm17\n"
    "vmovlps [rdi+8], xmm17\n"
    "vmovhpd [rdi+0x10], xmm17\n"
    "vmovaps [rdi+0x40]{k1}, zmm1\n"
    "vmovntps [rdi+0x40], zmm1\n"
    "vmovd [rdi+4], xmm17\n"
    "vmovq [rdi+8], xmm17\n"
    "vmovdqa32 [rdi+0x40], zmm1\n"
    "vmovdqa64 [rdi+0x20]{k2}, ymm1\n"
    "vmovdqu8 [rdi+0x40]{k1}, zmm1\n"
    "vmovdqu16 [rdi+0x20], ymm17\n"
    "vmovdqu32 [rdi+0x10]{k1}, xmm1\n"
    "vmovdqu64 [rdi-0x80], zmm1\n"
    "vmovntdq [rdi+0x40], zmm1\n"
    "vpmovwb [rdi+0x20], zmm1\n"
    "vpmovdb [rdi+0x10], zmm1\n"
    "vpmovqb [rdi+8], zmm1\n"
    "vpmovdw [rdi+0x20], zmm1\n"
    "vpmovqw [rdi+0x10], zmm1\n"
    "vpmovqd [rdi+0x20], zmm1\n"
    "vpmovswb [rdi+0x10], ymm1\n"
    "vpmovsdb [rdi+8], ymm1\n"
    "vpmovsqb [rdi+4], ymm1\n"
    "vpmovsdw [rdi+0x10], ymm1\n"
    "vpmovsqw [rdi+8], ymm1\n"
    "vpmovsqd [rdi+0x10]{k1}, ymm1\n"
    "vpmovuswb [rdi+8], xmm1\n"
    "vpmovusdb [rdi+4], xmm1\n"
    "vpmovusqb [rdi+2], xmm1\n"
    "vpmovusdw [rdi+8], xmm1\n"
    "vpmovusqw [rdi+4], xmm1\n"
    "vpmovusqd [rdi+8], xmm1\n"
    "vcompressps [rdi+4]{k1}, zmm1\n"
    "vcompresspd [rdi+8], ymm1\n"
    "vpcompressd [rdi+4], xmm1\n"
    "vpcompressq [rdi+8]{k1}, zmm1\n"
    "vpcompressb [rdi+1], zmm1\n"
    "vpcompressw [rdi+2]{k1}, ymm1\n"
    "vpscatterdd [rdi+zmm1*4+0x10]{k1}, zmm2\n"
    "vpscatterdq [rdi+ymm1*8+0x10]{k1}, zmm2\n"
    "vpscatterqd [rdi+zmm1*4+0x10]{k1}, ymm2\n"
    "vpscatterqq [rdi+ymm17*8+0x10]{k1}, ymm2\n"
    "vscatterdps [rdi+xmm1*2+0x10]{k1}, xmm2\n"
    "vscatterdpd [rdi+xmm1*8+0x10]{k1}, ymm2\n"
    "vscatterqps [rdi+ymm1*4+0x10]{k1}, xmm2\n"
    "vscatterqpd [rdi+zmm1*8+0x10]{k1}, zmm2\n"
    "vpextrb [rdi+1], xmm17, 1\n"
    "vpextrw [rdi+2], xmm17, 1\n"
    "vpextrd [rdi+4], xmm17, 1\n"
    "vpextrq [rdi+8], xmm17, 1\n"
    "vextractps [rdi+4], xmm17, 1\n"
    "vextractf32x4 [rdi+0x10], zmm1, 1\n"
    "vextractf64x2 [rdi+0x10]{k1}, ymm1, 1\n"
    "vextractf32x8 [rdi+0x20], zmm1, 1\n"
    "vextractf64x4 [rdi+0x20], zmm1, 1\n"
    "vextracti32x4 [rdi+0x10], ymm17, 1\n"
    "vextracti64x2 [rdi+0x10], zmm1, 1\n"
    "vextracti32x8 [rdi+0x20]{k1}, zmm1, 1\n"
    "vextracti64x4 [rdi+0x20], zmm1, 1\n"
    "vcvtps2ph [rdi+0x20], zmm1, 0\n"
    "vcvtps2ph [rdi+0x10]{k1}, ymm17, 0\n"
    "vmovsh [rdi+2], xmm1\n"
    "vmovw [rdi+2], xmm1\n"
    "vpcmpb k1, zmm1, [rdi+0x40], 1\n"
    "vpternlogd zmm1, zmm2, [rdi+0x40], 0x55\n"
    "vpshufd zmm1, [rdi+0x40], 1\n"
    "vpaddd zmm1, zmm2, [rdi+0x40]{1to16}\n"
    "vpgatherdd zmm1{k1}, [rdi+zmm2*4+0x40]\n"
    "vmovdqu8 zmm1, [rdi+0x40]\n"
    "vpbroadcastb zmm1, [rdi+1]\n"
    "vcvtph2ps zmm1, [rdi+0x20]\n"
    "vaddph zmm1, zmm2, [rdi+0x40]\n"
    "vfmadd132ph zmm1, zmm2, [rdi+0x40]\n"
    "vpshufb zmm1, zmm2, [rdi+0x40]\n"
    "vmovdqu64 fs:[rdi+0x40], zmm1\n"
    "vmovdqu64 [edi+0x40], zmm1\n"
    "vmovdqu64 [rip+0x100], zmm1\n"
    "vmovdqu [rip+0x100], ymm1\n"
    "vmovdqu fs:[rax+rbx*4+0x20], ymm1\n";

// Assembles kListing into an object file in a fresh temporary directory.
std::string assembleListing() {
  char directory[] = "/tmp/record-decoder-XXXXXX";
  if (!mkdtemp(directory)) return "";
  const std::string source = std::string(directory) + "/listing.s", object = std::string(directory) + "/listing.o";
  FILE* file = std::fopen(source.c_str(), "w");
  if (!file) return "";
  std::fputs(kListing, file);
  std::fclose(file);
  if (std::system(("as -o " + object + " " + source).c_str()) != 0) return "";
  return object;
}

// ------------------------------------------------ the rule book (from the ISA)

const std::set<std::string> kPrefixes = {"lock",    "rep",    "repz",     "repnz",    "repe",   "repne", "bnd",
                                         "notrack", "data16", "addr32",   "cs",       "ds",     "es",    "ss",
                                         "fs",      "gs",     "xacquire", "xrelease", "{evex}", "{vex}", "{vex3}"};
// Mnemonics whose memory first operand is only read, or not accessed.
const std::set<std::string> kReadsFirstOperand = {
    "cmp",         "test",        "bt",         "jmp",        "ljmp",       "nop",     "prefetch",   "prefetchw",
    "prefetchwt1", "prefetchnta", "prefetcht0", "prefetcht1", "prefetcht2", "clflush", "clflushopt", "clwb",
    "cldemote",    "fld",         "fild",       "fbld",       "fadd",       "fsub",    "fsubr",      "fmul",
    "fdiv",        "fdivr",       "fcom",       "fcomp",      "ficom",      "ficomp",  "fiadd",      "fisub",
    "fisubr",      "fimul",       "fidiv",      "fidivr",     "fldcw",      "fldenv",  "frstor",     "fxrstor",
    "fxrstor64",   "xrstor",      "xrstor64",   "xrstors",    "xrstors64",  "ldmxcsr", "vldmxcsr",   "ldtilecfg",
    "div",         "idiv",        "mul",        "imul",       "cmps",       "xlat",    "lgdt",       "lidt",
    "lldt",        "lmsw",        "ltr",        "verr",       "verw",       "invlpg"};
const std::set<std::string> kStackWriters = {"push", "pushw", "pushq", "pushf", "pushfq", "pushfw", "call", "enter"};
const std::set<std::string> kStringStores = {"stos", "movs", "ins"};
const std::set<std::string> kThroughRegister = {"maskmovq", "maskmovdqu", "vmaskmovdqu", "movdir64b", "clzero"};

struct Instruction {
  uint64_t address = 0, length = 0;
  std::string mnemonic, operands;
};

uint32_t sizeOfPointerWord(const std::string& operand) {
  static const std::pair<const char*, uint32_t> words[] = {
      {"ZMMWORD", 64}, {"YMMWORD", 32}, {"XMMWORD", 16}, {"OWORD", 16}, {"TBYTE", 10},
      {"FWORD", 6},    {"QWORD", 8},    {"DWORD", 4},    {"WORD", 2},   {"BYTE", 1}};
  for (const auto& [word, size] : words)
    if (operand.find(std::string(word) + " PTR") != std::string::npos) return size;
  return 0;
}

// Whether an operand is memory: "[...]", or an absolute "ds:0x10"/"fs:0x28".
bool isMemory(const std::string& operand) {
  if (operand.find('[') != std::string::npos) return true;
  const size_t colon = operand.find(':');
  return colon != std::string::npos && operand.compare(colon + 1, 2, "0x") == 0;
}

// The displacement inside "[...]", of an absolute "seg:0x..." operand, or
// the absolute target objdump prints after a rip-relative one ("# 1d4e70").
int64_t displacementOf(const std::string& operands) {
  const size_t comment = operands.find("# ");
  if (operands.find("[rip") != std::string::npos && comment != std::string::npos)
    return static_cast<int64_t>(std::strtoull(operands.c_str() + comment + 2, nullptr, 16));
  const size_t open = operands.find('['), close = operands.find(']');
  if (open == std::string::npos || close == std::string::npos) {
    const size_t colon = operands.find(':');
    return colon == std::string::npos ? 0
                                      : static_cast<int64_t>(std::strtoull(operands.c_str() + colon + 1, nullptr, 16));
  }
  const std::string inside = operands.substr(open + 1, close - open - 1);
  for (size_t i = inside.size(); i-- > 0;) {
    if (inside[i] != '+' && inside[i] != '-') continue;
    if (inside.compare(i + 1, 2, "0x") != 0) return 0;
    const int64_t value = static_cast<int64_t>(std::strtoull(inside.c_str() + i + 3, nullptr, 16));
    return inside[i] == '-' ? -value : value;
  }
  if (inside.compare(0, 2, "0x") == 0) return static_cast<int64_t>(std::strtoull(inside.c_str(), nullptr, 16));
  return 0;
}

// "" when the digest agrees with the rule book, else what is wrong.
std::string judge(const Instruction& instruction, const DigestedInstruction& digest) {
  if (digest.recipe == WriteRecipe::Unknown) return "unknown: " + digest.description;
  if (digest.length != instruction.length)
    return "length " + std::to_string(digest.length) + ", objdump " + std::to_string(instruction.length);
  const std::string& m = instruction.mnemonic;
  const std::string first = instruction.operands.substr(0, instruction.operands.find(','));
  const bool memoryFirst = isMemory(first);
  const WriteRecipe recipe = digest.recipe;
  if (kStackWriters.count(m))
    return recipe == WriteRecipe::Push || recipe == WriteRecipe::Enter ? "" : "should write the stack";
  if (kStringStores.count(m)) {
    if (recipe != WriteRecipe::StringStore) return "should be a string store";
    return digest.elementSize == sizeOfPointerWord(first) ? "" : "wrong element size";
  }
  if (kThroughRegister.count(m))
    return recipe == WriteRecipe::ImplicitRdi || recipe == WriteRecipe::Operand || recipe == WriteRecipe::CacheLineAtRax
               ? ""
               : "should write through a register";
  if (!memoryFirst || kReadsFirstOperand.count(m) || m.rfind("prefetch", 0) == 0)
    return recipe == WriteRecipe::None ? "" : "digested as a store";
  if (recipe == WriteRecipe::None) return "digested as writing nothing";
  int64_t displacement = displacementOf(instruction.operands);
  if (m == "pop" && first.find("[rsp") != std::string::npos) displacement += sizeOfPointerWord(first);
  if (digest.address.displacement != displacement)
    return "displacement " + std::to_string(digest.address.displacement) + ", objdump " + std::to_string(displacement);
  // objdump prints no size for x87/SSE state images; the ISA fixes them.
  static const std::map<std::string, uint32_t> kStateSizes = {
      {"fnsave", 108}, {"fnstenv", 28}, {"fxsave", 512}, {"fxsave64", 512}};
  const auto state = kStateSizes.find(m);
  const uint32_t size = state != kStateSizes.end() ? state->second : sizeOfPointerWord(first);
  const uint32_t digested = recipe == WriteRecipe::Scatter ? digest.elementSize : digest.size;
  if ((recipe == WriteRecipe::Operand || recipe == WriteRecipe::BitString || recipe == WriteRecipe::Scatter) && size &&
      digested < size)
    return "size " + std::to_string(digested) + " below objdump's " + std::to_string(size);
  return "";
}

// ------------------------------------------------ running objdump

struct Counts {
  uint64_t legacy = 0, vector = 0, stores = 0, mismatches = 0;
};

std::vector<Instruction> disassemble(const char* path, uint64_t textEnd) {
  std::vector<Instruction> instructions;
  const std::string command = std::string("objdump -d -M intel --no-show-raw-insn -j .text ") + path;
  FILE* pipe = popen(command.c_str(), "r");
  if (!pipe) return instructions;
  char buffer[1024];
  while (std::fgets(buffer, sizeof buffer, pipe)) {
    char* colon = std::strchr(buffer, ':');
    if (!colon || colon[1] != '\t' || buffer[0] != ' ') continue;
    Instruction instruction;
    instruction.address = std::strtoull(buffer, nullptr, 16);
    std::istringstream words(colon + 2);
    std::string word;
    while (words >> word && (kPrefixes.count(word) || word.rfind("rex", 0) == 0)) {}
    instruction.mnemonic = word;
    std::getline(words, instruction.operands);
    const size_t start = instruction.operands.find_first_not_of(' ');
    instruction.operands = start == std::string::npos ? "" : instruction.operands.substr(start);
    instructions.push_back(instruction);
  }
  pclose(pipe);
  for (size_t i = 0; i < instructions.size(); ++i)
    instructions[i].length =
        (i + 1 < instructions.size() ? instructions[i + 1].address : textEnd) - instructions[i].address;
  return instructions;
}

void check(const char* path, const InstructionDigester& digester, Counts& counts, int& printed) {
  Section text;
  if (!loadText(path, text)) {
    std::printf("FAIL: cannot read .text of %s\n", path);
    ++counts.mismatches;
    return;
  }
  const uint64_t textEnd = text.address + text.size;
  for (const Instruction& instruction : disassemble(path, textEnd)) {
    const uint64_t address = instruction.address;
    if (instruction.length == 0 || instruction.length > 15 || address < text.address || address >= textEnd) continue;
    if (instruction.mnemonic == "(bad)" || instruction.operands.find("(bad)") != std::string::npos) continue;
    const size_t available = textEnd - address < 15 ? textEnd - address : 15;
    const uint8_t* bytes = text.bytes + (address - text.address);
    size_t prefix = 0;
    while (prefix + 1 < available && (bytes[prefix] == 0x64 || bytes[prefix] == 0x65 || bytes[prefix] == 0x67))
      ++prefix;
    const bool vector = bytes[prefix] == 0x62 || bytes[prefix] == 0xC4 || bytes[prefix] == 0xC5;
    ++(vector ? counts.vector : counts.legacy);
    // objdump fuses "wait" (0x9b) with the x87 instruction after it
    // (fstcw = wait + fnstcw); the processor runs and single-steps them as
    // two instructions, so judge them as two.
    static const std::set<std::string> waitingForms = {"fstcw", "fstsw", "fstenv", "fsave", "finit", "fclex"};
    std::string problem;
    Instruction judged = instruction;
    if (bytes[0] == 0x9B && waitingForms.count(instruction.mnemonic)) {
      const DigestedInstruction wait = digester.digest(address, bytes, available);
      if (wait.length != 1 || wait.recipe != WriteRecipe::None) problem = "wait should be a 1-byte instruction";
      judged.address += 1;
      judged.length -= 1;
      judged.mnemonic = "fn" + instruction.mnemonic.substr(1);
    }
    const DigestedInstruction digest =
        digester.digest(judged.address, bytes + (judged.address - address), available - (judged.address - address));
    if (digest.recipe != WriteRecipe::None && digest.recipe != WriteRecipe::Unknown) ++counts.stores;
    if (problem.empty()) problem = judge(judged, digest);
    if (problem.empty()) continue;
    ++counts.mismatches;
    if (printed++ < 40)
      std::printf("FAIL: %s %llx: %s %s — %s\n", path, static_cast<unsigned long long>(address),
                  instruction.mnemonic.c_str(), instruction.operands.c_str(), problem.c_str());
  }
}

void report(const char* what, const Counts& counts) {
  std::printf("%s: %llu legacy and %llu VEX/EVEX instructions, %llu writing memory, %llu mismatches\n", what,
              static_cast<unsigned long long>(counts.legacy), static_cast<unsigned long long>(counts.vector),
              static_cast<unsigned long long>(counts.stores), static_cast<unsigned long long>(counts.mismatches));
}

}  // namespace

int main() {
  const InstructionDigester digester;
  int printed = 0;
  const std::string listing = assembleListing();
  if (listing.empty()) {
    std::printf("FAIL: could not assemble the listing with as\n");
    return 1;
  }
  Counts synthetic, libraries;
  check(listing.c_str(), digester, synthetic, printed);
  report("assembled listing", synthetic);
  for (const char* path : {"/lib/x86_64-linux-gnu/libc.so.6", "/lib64/ld-linux-x86-64.so.2",
                           "/lib/x86_64-linux-gnu/libm.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6"})
    check(path, digester, libraries, printed);
  report("system libraries", libraries);
  checkThat(
      synthetic.vector >= 130 && synthetic.legacy >= 70 && libraries.vector >= 10000 && libraries.legacy >= 500000,
      "enough instructions compared (else objdump or the libraries were not read)");
  CHECK_MSG(synthetic.mismatches == 0, "%llu mismatches with objdump in the synthetic listing",
            static_cast<unsigned long long>(synthetic.mismatches));
  CHECK_MSG(libraries.mismatches == 0, "%llu mismatches with objdump in the system libraries",
            static_cast<unsigned long long>(libraries.mismatches));
  return checkSummary("record_decoder_objdump_test");
}
