// MemorySyscallRules: calls that change the memory map (mmap, munmap,
// mprotect, mremap, brk, madvise) and other memory-management calls. For
// map changes the "writes" are the ranges whose contents the call replaces
// or removes, so the recorder saves their readable bytes first.
#include <string>

#include "record/SyscallRuleTable.h"

namespace rwd {

namespace {

constexpr uint64_t kPage = 4096;
constexpr uint64_t kMapFixed = 0x10;
constexpr uint64_t kMremapMayMove = 1;
constexpr uint64_t kMremapFixed = 2;

uint64_t pageAligned(uint64_t length) { return (length + kPage - 1) & ~(kPage - 1); }

void mmapRule(SyscallEffectBuilder& b) {
  const uint64_t length = pageAligned(b.arg(1));
  MemoryMapChange change{MemoryMapChange::Kind::Map};
  change.address = b.after() ? static_cast<uint64_t>(b.result()) : b.arg(0);
  change.length = length;
  change.protection = b.arg(2);
  change.flags = b.arg(3);
  change.fd = static_cast<int64_t>(b.arg(4));
  change.offset = b.arg(5);
  b.mapChange(change);
  if (b.arg(3) & kMapFixed) b.write(b.arg(0), length);  // whatever was mapped there is replaced
}

void mremapRule(SyscallEffectBuilder& b) {
  const uint64_t old = b.arg(0), oldLength = pageAligned(b.arg(1)), newLength = pageAligned(b.arg(2));
  const uint64_t flags = b.arg(3);
  MemoryMapChange change{MemoryMapChange::Kind::Remap};
  change.address = old;
  change.length = oldLength;
  change.newLength = newLength;
  change.flags = flags;
  change.newAddress = b.after() ? static_cast<uint64_t>(b.result()) : (flags & kMremapFixed ? b.arg(4) : 0);
  b.mapChange(change);
  if (flags & kMremapFixed) b.write(b.arg(4), newLength);
  const bool moved = b.after() ? static_cast<uint64_t>(b.result()) != old : (flags & kMremapMayMove) != 0;
  if (moved) {
    b.write(old, oldLength);
  } else if (newLength < oldLength) {
    b.write(old + newLength, oldLength - newLength);
  }
}

void madviseRule(SyscallEffectBuilder& b) {
  const uint64_t address = b.arg(0), length = pageAligned(b.arg(1));
  switch (b.arg(2)) {
    case 4:
    case 9:
    case 24:
    case 102: {  // DONTNEED, REMOVE, DONTNEED_LOCKED, GUARD_INSTALL
      MemoryMapChange change{MemoryMapChange::Kind::Discard};
      change.address = address;
      change.length = length;
      b.mapChange(change);
      b.write(address, length);
      return;
    }
    case 8:
      b.unknown("MADV_FREE lets the kernel discard the memory at any later time");
      return;
    case 0:
    case 1:
    case 2:
    case 3:
    case 10:
    case 11:
    case 12:
    case 13:
    case 14:
    case 15:
    case 16:
    case 17:
    case 18:
    case 19:
    case 20:
    case 21:
    case 22:
    case 23:
    case 25:
    case 103:
      return;  // hints and settings that keep the contents
  }
  b.unknown("madvise advice " + std::to_string(b.arg(2)));
}

}  // namespace

void addMemorySyscallRules(SyscallRuleTable& table) {
  table.add("mmap", mmapRule);
  table.add("munmap", [](SyscallEffectBuilder& b) {
    MemoryMapChange change{MemoryMapChange::Kind::Unmap};
    change.address = b.arg(0);
    change.length = pageAligned(b.arg(1));
    b.mapChange(change);
    b.write(change.address, change.length);
  });
  table.add("mprotect", [](SyscallEffectBuilder& b) {
    MemoryMapChange change{MemoryMapChange::Kind::Protect};
    change.address = b.arg(0);
    change.length = pageAligned(b.arg(1));
    change.protection = b.arg(2);
    b.mapChange(change);
  });
  table.add("pkey_mprotect", [](SyscallEffectBuilder& b) {
    MemoryMapChange change{MemoryMapChange::Kind::Protect};
    change.address = b.arg(0);
    change.length = pageAligned(b.arg(1));
    change.protection = b.arg(2);
    b.mapChange(change);
  });
  table.add("mremap", mremapRule);
  // The recorder knows the current break: when the new one is lower, it
  // saves [new, current) itself.
  table.add("brk", [](SyscallEffectBuilder& b) {
    MemoryMapChange change{MemoryMapChange::Kind::Break};
    change.address = b.after() ? static_cast<uint64_t>(b.result()) : b.arg(0);
    b.mapChange(change);
  });
  table.add("madvise", madviseRule);
  table.add("mincore", [](SyscallEffectBuilder& b) { b.write(b.arg(2), (b.arg(1) + kPage - 1) / kPage); });
  table.add("get_mempolicy", [](SyscallEffectBuilder& b) {
    b.write(b.arg(0), 4);
    b.write(b.arg(1), (b.arg(2) + 63) / 64 * 8);
  });
  table.add("move_pages", [](SyscallEffectBuilder& b) { b.write(b.arg(4), b.arg(1) * 4); });
  table.add("process_vm_readv", [](SyscallEffectBuilder& b) { b.iovecs(b.arg(1), b.arg(2), true); });

  table.addWritesNothing({
      "msync",
      "mlock",
      "munlock",
      "mlockall",
      "munlockall",
      "mlock2",
      "mbind",
      "set_mempolicy",
      "set_mempolicy_home_node",
      "migrate_pages",
      "pkey_alloc",
      "pkey_free",
      "mseal",
      "memfd_secret",
      "userfaultfd",
  });
}

}  // namespace rwd
