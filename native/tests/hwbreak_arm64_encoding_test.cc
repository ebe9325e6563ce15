// Unit tests for Arm64DebugRegisterEncoding (runs on any architecture):
// control words worked out by hand from the arm64 kernel's layout, and a
// check, for every aligned piece the allocator can produce, that decoding
// the word the way the kernel's ptrace code does (offset = lowest BAS bit,
// length = run of set bits) gives back the piece.
#include "support/Check.h"
#include "hwbreak/Arm64DebugRegisterEncoding.h"
#include "hwbreak/DebugRegisterAllocator.h"

#include <cstdio>
#include <stdexcept>

using namespace rwd;

namespace {

void checkHex(uint64_t actual, uint64_t expected, const char* what, int line) {
  if (actual == expected) return;
  std::fprintf(stderr, "%s:%d: %s: got 0x%llx, expected 0x%llx\n", __FILE__, line, what,
               static_cast<unsigned long long>(actual), static_cast<unsigned long long>(expected));
  ++checkFailures();
}
#define CHECK_HEX(actual, expected) checkHex((actual), (expected), #actual, __LINE__)

DebugRegisterSlot slotOf(uint64_t address, uint8_t length, WatchKind kind) {
  return DebugRegisterSlot{address, length, kind, {"owner"}};
}

struct EncodingCase {
  uint64_t address;
  uint8_t length;
  WatchKind kind;
  uint64_t registerAddress;
  uint32_t control;
};

// control = BAS << 5 | type << 3 | 0b10 << 1 (EL0) | 1 (enable)
const EncodingCase kCases[] = {
    {0x1004, 4, WatchKind::write, 0x1000, 0x1e15},        // BAS 0xf0, store
    {0x1003, 1, WatchKind::write, 0x1000, 0x0115},        // BAS 0x08
    {0x1006, 2, WatchKind::write, 0x1000, 0x1815},        // BAS 0xc0
    {0x1000, 1, WatchKind::write, 0x1000, 0x0035},        // BAS 0x01
    {0x2000, 8, WatchKind::readWrite, 0x2000, 0x1ffd},    // BAS 0xff, load|store
    {0x2002, 2, WatchKind::readWrite, 0x2000, 0x019d},    // BAS 0x0c
    {0x400000, 1, WatchKind::execute, 0x400000, 0x01e5},  // BAS 0xf, execute
};

void testHandWorkedWords() {
  for (const EncodingCase& c : kCases) {
    const Arm64DebugRegisterValue value = Arm64DebugRegisterEncoding::encode(slotOf(c.address, c.length, c.kind));
    CHECK_HEX(value.address, c.registerAddress);
    CHECK_HEX(value.control, c.control);
  }
}

void testRegisterKind() {
  CHECK(Arm64DebugRegisterEncoding::usesBreakpointRegister(WatchKind::execute));
  CHECK(!Arm64DebugRegisterEncoding::usesBreakpointRegister(WatchKind::write));
  CHECK(!Arm64DebugRegisterEncoding::usesBreakpointRegister(WatchKind::readWrite));
}

void testUnalignedInstructionRefused() {
  bool threw = false;
  try {
    Arm64DebugRegisterEncoding::encode(slotOf(0x400002, 1, WatchKind::execute));
  } catch (const std::invalid_argument& error) {
    threw = std::string(error.what()).find("0x400002") != std::string::npos;
  }
  CHECK(threw);
}

// What arch_bp_generic_fields + ptrace_hbp_fill_attr_ctrl derive from a
// word: the watched address and length.
void testKernelDecodingGivesBackEveryPiece() {
  for (uint8_t length : {1, 2, 4, 8}) {
    for (int offset = 0; offset < 8; ++offset) {
      const uint64_t start = 0x7ffd2000 + offset;
      for (const WatchPiece& piece : DebugRegisterAllocator::splitIntoAlignedPieces(start, length)) {
        for (WatchKind kind : {WatchKind::write, WatchKind::readWrite}) {
          const Arm64DebugRegisterValue value =
              Arm64DebugRegisterEncoding::encode(slotOf(piece.address, piece.length, kind));
          CHECK(value.control & 1);                // enabled
          CHECK(((value.control >> 1) & 3) == 2);  // EL0
          const uint32_t type = (value.control >> 3) & 3;
          CHECK(type == (kind == WatchKind::write ? 2u : 3u));
          const uint32_t bas = (value.control >> 5) & 0xff;
          CHECK(bas != 0);
          CHECK((value.control >> 13) == 0);  // nothing above BAS
          CHECK(value.address % 8 == 0);
          const int low = __builtin_ctz(bas);
          const uint32_t run = bas >> low;
          CHECK((run & (run + 1)) == 0);  // contiguous
          CHECK(value.address + low == piece.address);
          CHECK(__builtin_popcount(run) == piece.length);
        }
      }
    }
  }
}

}  // namespace

int main() {
  testHandWorkedWords();
  testRegisterKind();
  testUnalignedInstructionRefused();
  testKernelDecodingGivesBackEveryPiece();
  if (checkFailures()) {
    std::fprintf(stderr, "hwbreak_arm64_encoding_test: %d check(s) failed\n", checkFailures());
    return 1;
  }
  std::printf("hwbreak_arm64_encoding_test: all checks passed\n");
  return 0;
}
