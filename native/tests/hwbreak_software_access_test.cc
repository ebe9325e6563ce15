// Unit tests of SoftwareAccessDecoder, what software read/write watchpoints
// see of an instruction before it runs: explicit memory operands (rip-
// relative, base+index*scale+displacement, fs:, 32-bit addressing, string
// operands, a 64-byte EVEX load), the stack for push/pop/call/ret, nothing
// for lea and prefetch, system calls marked as blocking, and the cache that
// decodes an address once and again when its bytes change. No tracee.
#include "support/Check.h"
#include "control/SoftwareAccessDecoder.h"

#include <sys/user.h>

#include <cstdio>
#include <initializer_list>
#include <utility>
#include <vector>

using namespace rwd;

namespace {

constexpr uint64_t kCode = 0x401000;

user_regs_struct sampleRegisters() {
  user_regs_struct regs{};
  regs.rip = kCode;
  regs.rbx = 0x2000;
  regs.rcx = 3;
  regs.rsp = 0x7000;
  regs.rsi = 0x5000;
  regs.rdi = 0x6000;
  regs.fs_base = 0x7f0000001000;
  return regs;
}

// The accesses of `bytes` at kCode with the sample registers, as
// (address, length) pairs in operand order.
std::vector<std::pair<uint64_t, uint64_t>> accessesOf(SoftwareAccessDecoder& decoder,
                                                      std::initializer_list<uint8_t> bytes,
                                                      const user_regs_struct& regs, bool* mayBlock = nullptr) {
  std::vector<uint8_t> code(bytes);
  const InstructionAccesses& instruction = decoder.lookup(kCode, code.data(), code.size());
  if (mayBlock) *mayBlock = instruction.mayBlock;
  std::vector<MemoryRange> ranges;
  SoftwareAccessDecoder::evaluate(instruction, regs, ranges);
  std::vector<std::pair<uint64_t, uint64_t>> out;
  for (const MemoryRange& range : ranges) out.emplace_back(range.address, range.length);
  return out;
}

using Accesses = std::vector<std::pair<uint64_t, uint64_t>>;

}  // namespace

int main() {
  const user_regs_struct regs = sampleRegisters();

  {  // mov rax, [rip+0x10]: 8 bytes after the 7-byte instruction, plus 0x10
    SoftwareAccessDecoder decoder;
    CHECK((accessesOf(decoder, {0x48, 0x8b, 0x05, 0x10, 0x00, 0x00, 0x00}, regs) == Accesses{{kCode + 7 + 0x10, 8}}));
  }
  {  // mov [rbx+rcx*8+0x10], rdx
    SoftwareAccessDecoder decoder;
    CHECK((accessesOf(decoder, {0x48, 0x89, 0x54, 0xcb, 0x10}, regs) == Accesses{{0x2000 + 3 * 8 + 0x10, 8}}));
  }
  {  // mov eax, dword ptr fs:[0x28]
    SoftwareAccessDecoder decoder;
    CHECK((accessesOf(decoder, {0x64, 0x8b, 0x04, 0x25, 0x28, 0x00, 0x00, 0x00}, regs) ==
           Accesses{{regs.fs_base + 0x28, 4}}));
  }
  {  // mov eax, [ebx]: 32-bit addressing drops the high half of rbx
    SoftwareAccessDecoder decoder;
    user_regs_struct high = regs;
    high.rbx = 0x100002000;
    CHECK((accessesOf(decoder, {0x67, 0x8b, 0x03}, high) == Accesses{{0x2000, 4}}));
  }
  {  // movsb: [rdi] and [rsi], one byte each (one iteration per single step)
    SoftwareAccessDecoder decoder;
    Accesses found = accessesOf(decoder, {0xa4}, regs);
    CHECK(found.size() == 2);
    CHECK((found == Accesses{{0x6000, 1}, {0x5000, 1}} || found == Accesses{{0x5000, 1}, {0x6000, 1}}));
  }
  {  // vmovdqu64 zmm0, [rsi]: an EVEX load of 64 bytes
    SoftwareAccessDecoder decoder;
    CHECK((accessesOf(decoder, {0x62, 0xf1, 0xfe, 0x48, 0x6f, 0x06}, regs) == Accesses{{0x5000, 64}}));
  }
  {  // the stack: push, pop, call, ret
    SoftwareAccessDecoder push, pop, call, ret;
    CHECK((accessesOf(push, {0x50}, regs) == Accesses{{0x7000 - 8, 8}}));
    CHECK((accessesOf(pop, {0x58}, regs) == Accesses{{0x7000, 8}}));
    CHECK((accessesOf(call, {0xe8, 0x00, 0x00, 0x00, 0x00}, regs) == Accesses{{0x7000 - 8, 8}}));
    CHECK((accessesOf(ret, {0xc3}, regs) == Accesses{{0x7000, 8}}));
  }
  {  // jmp [rip+0]: the pointer is read
    SoftwareAccessDecoder decoder;
    CHECK((accessesOf(decoder, {0xff, 0x25, 0x00, 0x00, 0x00, 0x00}, regs) == Accesses{{kCode + 6, 8}}));
  }
  {  // lea and prefetch name memory without touching it
    SoftwareAccessDecoder lea, prefetch;
    CHECK(accessesOf(lea, {0x48, 0x8d, 0x04, 0x24}, regs).empty());
    CHECK(accessesOf(prefetch, {0x0f, 0x18, 0x08}, regs).empty());
  }
  {  // syscall may block; a plain move does not
    SoftwareAccessDecoder decoder, other;
    bool mayBlock = false;
    CHECK(accessesOf(decoder, {0x0f, 0x05}, regs, &mayBlock).empty());
    CHECK(mayBlock);
    accessesOf(other, {0x48, 0x89, 0xd8}, regs, &mayBlock);  // mov rax, rbx
    CHECK(!mayBlock);
  }
  {  // one decode per address; new bytes there are decoded again
    SoftwareAccessDecoder decoder;
    accessesOf(decoder, {0x58}, regs);
    accessesOf(decoder, {0x58}, regs);
    CHECK(decoder.decodes() == 1);
    CHECK((accessesOf(decoder, {0x50}, regs) == Accesses{{0x7000 - 8, 8}}));
    CHECK(decoder.decodes() == 2);
  }
  {  // bytes that are no instruction: no access, no crash
    SoftwareAccessDecoder decoder;
    bool mayBlock = true;
    CHECK(accessesOf(decoder, {0x06}, regs, &mayBlock).empty());  // push es: invalid in 64-bit mode
    CHECK(!mayBlock);
  }

  if (checkFailures()) {
    std::fprintf(stderr, "hwbreak_software_access_test: %d check(s) failed\n", checkFailures());
    return 1;
  }
  std::printf("hwbreak_software_access_test: all checks passed\n");
  return 0;
}
