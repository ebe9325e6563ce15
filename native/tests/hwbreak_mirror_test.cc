// Unit tests for DebugRegisterMirror: the exact DR7 bits for every kind
// and length in every slot (values worked out by hand from the Intel SDM
// layout), DR7 decoding, slot masks, reference bookkeeping and the slot
// descriptions used in messages.
#include "support/Check.h"
#include "hwbreak/DebugRegisterMirror.h"

#include <cstdio>
#include <string>

using namespace rwd;

namespace {

void checkHex(uint64_t actual, uint64_t expected, const char* what, int line) {
  if (actual == expected) return;
  std::fprintf(stderr, "%s:%d: %s: got 0x%llx, expected 0x%llx\n", __FILE__, line, what,
               static_cast<unsigned long long>(actual), static_cast<unsigned long long>(expected));
  ++checkFailures();
}
#define CHECK_HEX(actual, expected) checkHex((actual), (expected), #actual, __LINE__)

void checkText(const std::string& actual, const std::string& expected, int line) {
  if (actual == expected) return;
  std::fprintf(stderr, "%s:%d: got \"%s\", expected \"%s\"\n", __FILE__, line, actual.c_str(), expected.c_str());
  ++checkFailures();
}
#define CHECK_TEXT(actual, expected) checkText((actual), (expected), __LINE__)

struct Dr7Case {
  int slot;
  WatchKind kind;
  uint8_t length;
  uint64_t dr7;
};

// Slot i: enable bit 2i; R/W at 16+4i (00 exec, 01 write, 11 read/write);
// LEN at 18+4i (00 = 1, 01 = 2, 11 = 4, 10 = 8).
const Dr7Case kDr7Cases[] = {
    {0, WatchKind::execute, 1, 0x00000001},   {0, WatchKind::write, 1, 0x00010001},
    {0, WatchKind::write, 2, 0x00050001},     {0, WatchKind::write, 4, 0x000d0001},
    {0, WatchKind::write, 8, 0x00090001},     {0, WatchKind::readWrite, 1, 0x00030001},
    {0, WatchKind::readWrite, 2, 0x00070001}, {0, WatchKind::readWrite, 4, 0x000f0001},
    {0, WatchKind::readWrite, 8, 0x000b0001}, {1, WatchKind::execute, 1, 0x00000004},
    {1, WatchKind::write, 2, 0x00500004},     {1, WatchKind::write, 8, 0x00900004},
    {1, WatchKind::readWrite, 4, 0x00f00004}, {2, WatchKind::execute, 1, 0x00000010},
    {2, WatchKind::write, 1, 0x01000010},     {2, WatchKind::readWrite, 4, 0x0f000010},
    {2, WatchKind::readWrite, 8, 0x0b000010}, {3, WatchKind::execute, 1, 0x00000040},
    {3, WatchKind::write, 4, 0xd0000040},     {3, WatchKind::write, 8, 0x90000040},
    {3, WatchKind::readWrite, 2, 0x70000040},
};

void testDr7BitsPerSlot() {
  for (const Dr7Case& c : kDr7Cases) {
    CHECK_HEX(DebugRegisterMirror::dr7SlotBits(c.slot, c.kind, c.length), c.dr7);
    // The same through a mirror holding only that slot.
    DebugRegisterMirror mirror;
    mirror.occupy(c.slot, 0x1000, c.length, c.kind, "owner");
    CHECK_HEX(mirror.dr7(), c.dr7);
    CHECK_HEX(mirror.addressRegister(c.slot), 0x1000);
    auto decoded = DebugRegisterMirror::decodeDr7Slot(c.dr7, c.slot);
    CHECK(decoded.has_value());
    if (decoded) {
      CHECK(decoded->kind == c.kind);
      CHECK_HEX(decoded->length, c.length);
    }
    for (int other = 0; other < DebugRegisterMirror::kSlotCount; ++other) {
      if (other != c.slot) CHECK(!DebugRegisterMirror::decodeDr7Slot(c.dr7, other));
    }
  }
}

void testDr7AllSlotsTogether() {
  DebugRegisterMirror mirror;
  mirror.occupy(0, 0x401000, 1, WatchKind::execute, "bp");
  mirror.occupy(1, 0x2002, 2, WatchKind::write, "a");
  mirror.occupy(2, 0x3004, 4, WatchKind::readWrite, "b");
  mirror.occupy(3, 0x4008, 8, WatchKind::write, "c");
  CHECK_HEX(mirror.dr7(), 0x9f500055);
  CHECK_HEX(mirror.addressRegister(0), 0x401000);
  CHECK_HEX(mirror.addressRegister(3), 0x4008);
  CHECK(mirror.freeSlotCount() == 0);
  CHECK(!mirror.firstFreeSlot());
}

void testDr7FieldEncodings() {
  CHECK_HEX(DebugRegisterMirror::dr7KindBits(WatchKind::execute), 0b00);
  CHECK_HEX(DebugRegisterMirror::dr7KindBits(WatchKind::write), 0b01);
  CHECK_HEX(DebugRegisterMirror::dr7KindBits(WatchKind::readWrite), 0b11);
  CHECK_HEX(DebugRegisterMirror::dr7LengthBits(1), 0b00);
  CHECK_HEX(DebugRegisterMirror::dr7LengthBits(2), 0b01);
  CHECK_HEX(DebugRegisterMirror::dr7LengthBits(4), 0b11);
  CHECK_HEX(DebugRegisterMirror::dr7LengthBits(8), 0b10);
  CHECK_HEX(DebugRegisterMirror::dr7SlotMask(0), 0x000f0003);
  CHECK_HEX(DebugRegisterMirror::dr7SlotMask(1), 0x00f0000c);
  CHECK_HEX(DebugRegisterMirror::dr7SlotMask(2), 0x0f000030);
  CHECK_HEX(DebugRegisterMirror::dr7SlotMask(3), 0xf00000c0);
}

void testDr7Decoding() {
  // A global-enable bit alone also enables the slot (the kernel accepts L
  // or G).
  auto global = DebugRegisterMirror::decodeDr7Slot(0x00090002, 0);
  CHECK(global && global->kind == WatchKind::write && global->length == 8);
  // R/W 10 is an I/O breakpoint: never one of ours.
  CHECK(!DebugRegisterMirror::decodeDr7Slot(0x00020001, 0));
  // Fields without an enable bit mean nothing.
  CHECK(!DebugRegisterMirror::decodeDr7Slot(0x000f0000, 0));
  // LE/GE (bits 8, 9) do not enable anything.
  CHECK(!DebugRegisterMirror::decodeDr7Slot(0x300, 0));
  CHECK(!DebugRegisterMirror::decodeDr7Slot(0x300, 3));
  CHECK(DebugRegisterMirror().dr7() == 0);
}

void testReferencesAndDescriptions() {
  DebugRegisterMirror mirror;
  CHECK(mirror.firstFreeSlot() == 0);
  mirror.occupy(2, 0x601040, 8, WatchKind::write, "data breakpoint 'count' (id 4)");
  CHECK(mirror.firstFreeSlot() == 0);
  CHECK(mirror.findIdenticalSlot(0x601040, 8, WatchKind::write) == 2);
  CHECK(!mirror.findIdenticalSlot(0x601040, 8, WatchKind::readWrite));
  CHECK(!mirror.findIdenticalSlot(0x601040, 4, WatchKind::write));
  CHECK_TEXT(mirror.describeSlot(2), "slot 2 data breakpoint 'count' (id 4) (write 8 bytes at 0x601040)");
  CHECK_TEXT(mirror.describeSlot(0), "slot 0 free");
  mirror.addReference(2, "data breakpoint 'total' (id 5)");
  CHECK(mirror.slot(2).referenceCount() == 2);
  CHECK_TEXT(mirror.describeSlot(2),
             "slot 2 data breakpoint 'count' (id 4) and data breakpoint 'total' "
             "(id 5) (write 8 bytes at 0x601040)");
  CHECK(!mirror.dropReference(2, "nobody"));
  CHECK(mirror.slot(2).referenceCount() == 2);
  CHECK(mirror.dropReference(2, "data breakpoint 'count' (id 4)"));
  CHECK(mirror.slot(2).inUse());
  CHECK(mirror.dropReference(2, "data breakpoint 'total' (id 5)"));
  CHECK(!mirror.slot(2).inUse());
  CHECK(mirror.slot(2) == DebugRegisterSlot{});
  CHECK(mirror == DebugRegisterMirror{});

  mirror.occupy(1, 0x401136, 1, WatchKind::execute, "hardware breakpoint at main (id 2)");
  CHECK_TEXT(mirror.describeSlot(1), "slot 1 hardware breakpoint at main (id 2) (execute at 0x401136)");
  mirror.occupy(3, 0x7003, 1, WatchKind::readWrite, "w");
  CHECK_TEXT(mirror.describeSlot(3), "slot 3 w (read/write 1 byte at 0x7003)");
}

}  // namespace

int main() {
  testDr7BitsPerSlot();
  testDr7AllSlotsTogether();
  testDr7FieldEncodings();
  testDr7Decoding();
  testReferencesAndDescriptions();
  if (checkFailures()) {
    std::fprintf(stderr, "hwbreak_mirror_test: %d check(s) failed\n", checkFailures());
    return 1;
  }
  std::printf("hwbreak_mirror_test: all checks passed\n");
  return 0;
}
