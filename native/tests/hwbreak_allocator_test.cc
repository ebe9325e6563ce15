// Unit tests for DebugRegisterAllocator: splitting regions into aligned
// pieces, sharing slots by reference count, exhaustion messages that name
// the holders, rollback of requests that do not fit, removal, DR6 decoding.
#include "hwbreak/DebugRegisterAllocator.h"

#include <cstdio>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "support/Check.h"

namespace rwd {

// How CHECK_EQ prints the pieces (found by argument-dependent lookup).
std::ostream& operator<<(std::ostream& out, const WatchPiece& piece) {
  return out << int(piece.length) << "@0x" << std::hex << piece.address << std::dec;
}

template <typename T>
std::ostream& operator<<(std::ostream& out, const std::vector<T>& values) {
  out << "{";
  for (size_t i = 0; i < values.size(); ++i) out << (i ? ", " : "") << values[i];
  return out << "}";
}

}  // namespace rwd

using namespace rwd;

namespace {

using Pieces = std::vector<WatchPiece>;

void testSplitExamples() {
  auto split = [](uint64_t address, uint64_t length) {
    return DebugRegisterAllocator::splitIntoAlignedPieces(address, length);
  };
  CHECK_EQ(split(0x1003, 6), (Pieces{{0x1003, 1}, {0x1004, 4}, {0x1008, 1}}));
  CHECK_EQ(split(0x1000, 16), (Pieces{{0x1000, 8}, {0x1008, 8}}));
  CHECK_EQ(split(0x1004, 16), (Pieces{{0x1004, 4}, {0x1008, 8}, {0x1010, 4}}));
  CHECK_EQ(split(0x1001, 8), (Pieces{{0x1001, 1}, {0x1002, 2}, {0x1004, 4}, {0x1008, 1}}));
  CHECK_EQ(split(0x1007, 8), (Pieces{{0x1007, 1}, {0x1008, 4}, {0x100c, 2}, {0x100e, 1}}));
  CHECK_EQ(split(0x1002, 6), (Pieces{{0x1002, 2}, {0x1004, 4}}));
  CHECK_EQ(split(0x1001, 3), (Pieces{{0x1001, 1}, {0x1002, 2}}));
  CHECK_EQ(split(0x1000, 3), (Pieces{{0x1000, 2}, {0x1002, 1}}));
  CHECK_EQ(split(0x1000, 7), (Pieces{{0x1000, 4}, {0x1004, 2}, {0x1006, 1}}));
  CHECK_EQ(split(0x0, 1), (Pieces{{0x0, 1}}));
  CHECK_EQ(split(0xfffffffffffffff8ull, 8), (Pieces{{0xfffffffffffffff8ull, 8}}));
  CHECK_EQ(split(0x1000, 0), Pieces{});
  // A huge region stops one piece past the slot count instead of listing
  // millions of pieces.
  CHECK_EQ(split(0x1000, uint64_t{1} << 30).size(), size_t{5});
}

// Every length 1/2/4/8 at every offset within an 8-byte block: the pieces
// cover the region exactly, each is naturally aligned, and their number is
// the known minimum.
void testSplitAllAlignments() {
  // expectedCount[length index][offset]
  const int expectedCount[4][8] = {
      {1, 1, 1, 1, 1, 1, 1, 1},  // 1 byte
      {1, 2, 1, 2, 1, 2, 1, 2},  // 2 bytes
      {1, 3, 2, 3, 1, 3, 2, 3},  // 4 bytes
      {1, 4, 3, 4, 2, 4, 3, 4},  // 8 bytes
  };
  const uint8_t lengths[4] = {1, 2, 4, 8};
  for (int l = 0; l < 4; ++l) {
    for (int offset = 0; offset < 8; ++offset) {
      const uint64_t start = 0x7ffd1000 + offset;
      const Pieces pieces = DebugRegisterAllocator::splitIntoAlignedPieces(start, lengths[l]);
      uint64_t next = start;
      for (const WatchPiece& piece : pieces) {
        CHECK_EQ(piece.address, next);
        CHECK(piece.length == 1 || piece.length == 2 || piece.length == 4 || piece.length == 8);
        CHECK_EQ(piece.address % piece.length, uint64_t{0});
        next += piece.length;
      }
      CHECK_EQ(next, start + lengths[l]);
      if (pieces.size() != size_t(expectedCount[l][offset])) {
        std::fprintf(stderr, "length %d at offset %d: %zu pieces, expected %d\n", lengths[l], offset, pieces.size(),
                     expectedCount[l][offset]);
        ++checkFailures();
      }
    }
  }
}

void testInsertAligned() {
  DebugRegisterAllocator allocator;
  WatchChange change = allocator.insertWatch(0x1000, 8, WatchKind::write, "data breakpoint 'a' (id 1)");
  CHECK(change.ok);
  CHECK_EQ(change.slots, std::vector<int>{0});
  const DebugRegisterSlot& slot = allocator.mirror().slot(0);
  CHECK_EQ(slot.address, uint64_t{0x1000});
  CHECK_EQ(int(slot.length), 8);
  CHECK(slot.kind == WatchKind::write);
  CHECK_EQ(slot.referenceCount(), 1);
  CHECK_EQ(allocator.mirror().freeSlotCount(), 3);
  CHECK_EQ(allocator.mirror().dr7(), uint64_t{0x90001});
}

void testInsertUnalignedUsesSeveralSlots() {
  DebugRegisterAllocator allocator;
  WatchChange change = allocator.insertWatch(0x1003, 6, WatchKind::readWrite, "w");
  CHECK(change.ok);
  CHECK_EQ(change.slots, (std::vector<int>{0, 1, 2}));
  const DebugRegisterMirror& m = allocator.mirror();
  CHECK_EQ(m.slot(0).address, uint64_t{0x1003});
  CHECK_EQ(int(m.slot(0).length), 1);
  CHECK_EQ(m.slot(1).address, uint64_t{0x1004});
  CHECK_EQ(int(m.slot(1).length), 4);
  CHECK_EQ(m.slot(2).address, uint64_t{0x1008});
  CHECK_EQ(int(m.slot(2).length), 1);
  CHECK(!m.slot(3).inUse());
  // R/W 11 in every used slot; LEN 00, 11, 00.
  CHECK_EQ(m.dr7(), uint64_t{0x1 | 0x4 | 0x10 | 0x30000 | 0xF00000 | 0x3000000});
}

void testSharingByReferenceCount() {
  DebugRegisterAllocator allocator;
  CHECK(allocator.insertWatch(0x1000, 8, WatchKind::write, "a").ok);
  WatchChange shared = allocator.insertWatch(0x1000, 8, WatchKind::write, "b");
  CHECK(shared.ok);
  CHECK_EQ(shared.slots, std::vector<int>{0});
  CHECK_EQ(allocator.mirror().slot(0).referenceCount(), 2);
  CHECK_EQ(allocator.mirror().freeSlotCount(), 3);

  // Same address but another kind or length is not the same slot.
  WatchChange otherKind = allocator.insertWatch(0x1000, 8, WatchKind::readWrite, "c");
  CHECK_EQ(otherKind.slots, std::vector<int>{1});
  WatchChange otherLength = allocator.insertWatch(0x1000, 4, WatchKind::write, "d");
  CHECK_EQ(otherLength.slots, std::vector<int>{2});
  CHECK_EQ(allocator.mirror().freeSlotCount(), 1);

  // A 16-byte region shares its first piece and needs one new slot.
  WatchChange partly = allocator.insertWatch(0x1000, 16, WatchKind::write, "e");
  CHECK(partly.ok);
  CHECK_EQ(partly.slots, (std::vector<int>{0, 3}));
  CHECK_EQ(allocator.mirror().slot(0).referenceCount(), 3);

  // Removing drops one reference at a time; the slot is freed at zero.
  CHECK(allocator.removeWatch(0x1000, 8, WatchKind::write, "a").ok);
  CHECK_EQ(allocator.mirror().slot(0).referenceCount(), 2);
  CHECK(allocator.removeWatch(0x1000, 8, WatchKind::write, "b").ok);
  CHECK_EQ(allocator.mirror().slot(0).referenceCount(), 1);
  CHECK(allocator.mirror().slot(0).inUse());
  WatchChange removed = allocator.removeWatch(0x1000, 16, WatchKind::write, "e");
  CHECK(removed.ok);
  CHECK_EQ(removed.slots, (std::vector<int>{0, 3}));
  CHECK(!allocator.mirror().slot(0).inUse());
  CHECK(!allocator.mirror().slot(3).inUse());
  CHECK_EQ(allocator.mirror().slot(0).address, uint64_t{0});
  CHECK_EQ(allocator.mirror().freeSlotCount(), 2);
  // The lowest free slot is taken next.
  CHECK_EQ(allocator.insertWatch(0x2000, 1, WatchKind::execute, "f").slots, std::vector<int>{0});
}

void testSharingMakesARequestFit() {
  DebugRegisterAllocator allocator;
  CHECK(allocator.insertWatch(0x1004, 4, WatchKind::write, "a").ok);
  CHECK(allocator.insertWatch(0x3000, 8, WatchKind::write, "b").ok);
  // 6 bytes at 0x1003 needs three pieces; 4@0x1004 is already held, so the
  // two free slots are enough.
  WatchChange change = allocator.insertWatch(0x1003, 6, WatchKind::write, "c");
  CHECK(change.ok);
  CHECK_EQ(change.slots, (std::vector<int>{2, 0, 3}));
  CHECK_EQ(allocator.mirror().slot(0).owners, (std::vector<std::string>{"a", "c"}));
}

void testExhaustionNamesHolders() {
  DebugRegisterAllocator allocator;
  CHECK(allocator.insertWatch(0x1000, 8, WatchKind::write, "data breakpoint 'a' (id 1)").ok);
  CHECK(allocator.insertWatch(0x2002, 2, WatchKind::readWrite, "data breakpoint 'b' (id 2)").ok);
  CHECK(allocator.insertWatch(0x401136, 1, WatchKind::execute, "hardware breakpoint at main (id 3)").ok);
  CHECK(allocator.insertWatch(0x3000, 1, WatchKind::write, "data breakpoint 'c' (id 4)").ok);
  CHECK(allocator.insertWatch(0x3000, 1, WatchKind::write, "data breakpoint 'd' (id 5)").ok);
  const DebugRegisterMirror before = allocator.mirror();

  WatchChange change = allocator.insertWatch(0x5000, 4, WatchKind::write, "data breakpoint 'e' (id 6)");
  CHECK(!change.ok);
  CHECK(change.slots.empty());
  CHECK_EQ(change.message, std::string("all 4 hardware debug registers are in use: "
                                       "slot 0 data breakpoint 'a' (id 1) (write 8 bytes at 0x1000), "
                                       "slot 1 data breakpoint 'b' (id 2) (read/write 2 bytes at 0x2002), "
                                       "slot 2 hardware breakpoint at main (id 3) (execute at 0x401136), "
                                       "slot 3 data breakpoint 'c' (id 4) and data breakpoint 'd' (id 5) "
                                       "(write 1 byte at 0x3000); "
                                       "remove one of them to set data breakpoint 'e' (id 6) "
                                       "(write 4 bytes at 0x5000)"));
  CHECK(allocator.mirror() == before);

  // Sharing still works when everything is taken.
  CHECK(allocator.insertWatch(0x1000, 8, WatchKind::write, "data breakpoint 'f' (id 7)").ok);
}

void testRollbackWhenNotAllPiecesFit() {
  DebugRegisterAllocator allocator;
  CHECK(allocator.insertWatch(0x1000, 8, WatchKind::write, "data breakpoint 'a' (id 1)").ok);
  CHECK(allocator.insertWatch(0x1010, 4, WatchKind::write, "data breakpoint 'b' (id 2)").ok);
  const DebugRegisterMirror before = allocator.mirror();
  const uint64_t dr7Before = before.dr7();

  WatchChange change = allocator.insertWatch(0x2003, 6, WatchKind::write, "data breakpoint 'c' (id 3)");
  CHECK(!change.ok);
  CHECK(allocator.mirror() == before);
  CHECK_EQ(allocator.mirror().dr7(), dr7Before);
  CHECK_EQ(allocator.mirror().freeSlotCount(), 2);
  CHECK_CONTAINS(change.message, "data breakpoint 'c' (id 3) (write 6 bytes at 0x2003)");
  CHECK_CONTAINS(change.message, "needs 3 more hardware debug registers");
  CHECK_CONTAINS(change.message, "split into 3 aligned pieces");
  CHECK_CONTAINS(change.message, "only 2 of 4 are free");
  CHECK_CONTAINS(change.message, "slot 0 data breakpoint 'a' (id 1) (write 8 bytes at 0x1000)");
  CHECK_CONTAINS(change.message, "slot 1 data breakpoint 'b' (id 2) (write 4 bytes at 0x1010)");

  // A copy takes a batch of changes; the original is untouched until the
  // copy is assigned back.
  DebugRegisterAllocator batch = allocator;
  CHECK(batch.insertWatch(0x4000, 8, WatchKind::write, "x").ok);
  CHECK(allocator.mirror() == before);
  CHECK(!(batch.mirror() == before));
}

void testBadRequests() {
  DebugRegisterAllocator allocator;
  WatchChange longExecute = allocator.insertWatch(0x401000, 4, WatchKind::execute, "bp");
  CHECK(!longExecute.ok);
  CHECK_CONTAINS(longExecute.message, "length must be 1");
  WatchChange empty = allocator.insertWatch(0x1000, 0, WatchKind::write, "w");
  CHECK(!empty.ok);
  CHECK_CONTAINS(empty.message, "at least 1 byte");
  WatchChange wraps = allocator.insertWatch(0xfffffffffffffffcull, 8, WatchKind::write, "w");
  CHECK(!wraps.ok);
  CHECK_CONTAINS(wraps.message, "end of the address space");
  WatchChange huge = allocator.insertWatch(0x1000, 100, WatchKind::write, "data breakpoint 'big'");
  CHECK(!huge.ok);
  CHECK_CONTAINS(huge.message, "more than 4 hardware debug registers");
  CHECK_EQ(allocator.mirror().freeSlotCount(), 4);
  CHECK(allocator.insertWatch(0x401000, 1, WatchKind::execute, "bp").ok);
  CHECK_EQ(allocator.mirror().dr7(), uint64_t{0x1});
}

void testRemoveFailuresChangeNothing() {
  DebugRegisterAllocator allocator;
  CHECK(allocator.insertWatch(0x1000, 8, WatchKind::write, "a").ok);
  const DebugRegisterMirror before = allocator.mirror();
  WatchChange notThere = allocator.removeWatch(0x2000, 8, WatchKind::write, "a");
  CHECK(!notThere.ok);
  CHECK_CONTAINS(notThere.message, "no hardware debug register holds a");
  WatchChange wrongOwner = allocator.removeWatch(0x1000, 8, WatchKind::write, "b");
  CHECK(!wrongOwner.ok);
  WatchChange wrongKind = allocator.removeWatch(0x1000, 8, WatchKind::readWrite, "a");
  CHECK(!wrongKind.ok);
  // 16 bytes: the first piece is held by "a", the second is not: the
  // first piece must keep its reference.
  WatchChange half = allocator.removeWatch(0x1000, 16, WatchKind::write, "a");
  CHECK(!half.ok);
  CHECK(allocator.mirror() == before);
}

void testRemoveOwner() {
  DebugRegisterAllocator allocator;
  CHECK(allocator.insertWatch(0x1003, 6, WatchKind::write, "a").ok);
  CHECK(allocator.insertWatch(0x1004, 4, WatchKind::write, "b").ok);
  CHECK_EQ(allocator.removeOwner("a"), 3);
  CHECK_EQ(allocator.mirror().freeSlotCount(), 3);
  CHECK_EQ(allocator.mirror().slot(1).owners, std::vector<std::string>{"b"});
  CHECK_EQ(allocator.removeOwner("a"), 0);
}

void testDr6Decoding() {
  CHECK_EQ(DebugRegisterAllocator::slotsForDr6(0x0), std::vector<int>{});
  CHECK_EQ(DebugRegisterAllocator::slotsForDr6(0x1), std::vector<int>{0});
  CHECK_EQ(DebugRegisterAllocator::slotsForDr6(0x8), std::vector<int>{3});
  CHECK_EQ(DebugRegisterAllocator::slotsForDr6(0xf), (std::vector<int>{0, 1, 2, 3}));
  // BS (single step) and the reserved-as-one bits are not slots.
  CHECK_EQ(DebugRegisterAllocator::slotsForDr6(0x4000), std::vector<int>{});
  CHECK_EQ(DebugRegisterAllocator::slotsForDr6(0xffff4ff5ull), (std::vector<int>{0, 2}));

  DebugRegisterAllocator allocator;
  CHECK(allocator.insertWatch(0x1000, 8, WatchKind::write, "a").ok);
  CHECK(allocator.insertWatch(0x1000, 8, WatchKind::write, "b").ok);
  CHECK(allocator.insertWatch(0x2003, 2, WatchKind::write, "c").ok);  // slots 1, 2
  std::vector<DebugRegisterHit> hits = allocator.hitsForDr6(0x1 | 0x4 | 0x8);
  CHECK_EQ(hits.size(), size_t{2});  // slot 3 is free: not a hit
  if (hits.size() == 2) {
    CHECK_EQ(hits[0].slot, 0);
    CHECK_EQ(hits[0].state.address, uint64_t{0x1000});
    CHECK_EQ(hits[1].slot, 2);
    CHECK_EQ(hits[1].state.address, uint64_t{0x2004});
  }
  CHECK_EQ(allocator.ownersForDr6(0x1), (std::vector<std::string>{"a", "b"}));
  CHECK_EQ(allocator.ownersForDr6(0x6), std::vector<std::string>{"c"});
  CHECK_EQ(allocator.ownersForDr6(0x4000), std::vector<std::string>{});
}

}  // namespace

int main() {
  testSplitExamples();
  testSplitAllAlignments();
  testInsertAligned();
  testInsertUnalignedUsesSeveralSlots();
  testSharingByReferenceCount();
  testSharingMakesARequestFit();
  testExhaustionNamesHolders();
  testRollbackWhenNotAllPiecesFit();
  testBadRequests();
  testRemoveFailuresChangeNothing();
  testRemoveOwner();
  testDr6Decoding();
  return checkSummary("hwbreak_allocator_test");
}
