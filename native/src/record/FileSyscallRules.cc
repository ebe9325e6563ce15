// FileSyscallRules: system calls on files, directories, terminals and
// extended attributes — what each writes into the caller's memory.
// Structure sizes are the x86-64 kernel ABI's.
#include <cstdio>
#include <string>

#include "record/SyscallRuleTable.h"

namespace rwd {

namespace {

constexpr uint64_t kStatSize = 144;    // struct stat
constexpr uint64_t kStatxSize = 256;   // struct statx
constexpr uint64_t kStatfsSize = 120;  // struct statfs
constexpr uint64_t kFlockSize = 32;    // struct flock

void ioctlRule(SyscallEffectBuilder& b) {
  const uint64_t request = b.arg(1) & 0xFFFFFFFFu;
  const uint64_t argument = b.arg(2);
  switch (request) {
    case 0x5401:
      b.write(argument, 36);
      return;  // TCGETS: struct termios
    case 0x802C542A:
      b.write(argument, 44);
      return;  // TCGETS2: struct termios2
    case 0x5413:
      b.write(argument, 8);
      return;  // TIOCGWINSZ: struct winsize
    case 0x541B:
      b.write(argument, 4);
      return;  // FIONREAD
    case 0x5411:
      b.write(argument, 4);
      return;  // TIOCOUTQ
    case 0x540F:
      b.write(argument, 4);
      return;  // TIOCGPGRP
    case 0x5429:
      b.write(argument, 4);
      return;  // TIOCGSID
    case 0x80045430:
      b.write(argument, 4);
      return;  // TIOCGPTN
    case 0x5402:
    case 0x5403:
    case 0x5404:  // TCSETS, TCSETSW, TCSETSF
    case 0x402C542B:
    case 0x402C542C:
    case 0x402C542D:  // TCSETS2, TCSETSW2, TCSETSF2
    case 0x5409:
    case 0x540A:
    case 0x540B:  // TCSBRK, TCXONC, TCFLSH
    case 0x540E:
    case 0x5410:
    case 0x5414:
    case 0x5422:  // TIOCSCTTY, TIOCSPGRP, TIOCSWINSZ, TIOCNOTTY
    case 0x5421:
    case 0x5450:
    case 0x5451:
    case 0x5452:  // FIONBIO, FIONCLEX, FIOCLEX, FIOASYNC
    case 0x40045431:
    case 0x5441:  // TIOCSPTLCK, TIOCGPTPEER
      return;
  }
  char text[64];
  std::snprintf(text, sizeof text, "ioctl request 0x%llx", static_cast<unsigned long long>(request));
  b.unknown(text);
}

void fcntlRule(SyscallEffectBuilder& b) {
  switch (b.arg(1)) {
    case 5:
    case 36:
      b.write(b.arg(2), kFlockSize);
      return;  // F_GETLK, F_OFD_GETLK
    case 16:
      b.write(b.arg(2), 8);
      return;  // F_GETOWN_EX
    case 1035:
    case 1037:
      b.write(b.arg(2), 8);
      return;  // F_GET_RW_HINT, F_GET_FILE_RW_HINT
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 6:
    case 7:
    case 8:
    case 9:
    case 10:
    case 11:
    case 15:
    case 37:
    case 38:
    case 1024:
    case 1025:
    case 1026:
    case 1030:
    case 1031:
    case 1032:
    case 1033:
    case 1034:
    case 1036:
    case 1038:
      return;
  }
  b.unknown("fcntl command " + std::to_string(b.arg(1)));
}

}  // namespace

void addFileSyscallRules(SyscallRuleTable& table) {
  table.add("read", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(1), b.arg(2)); });
  table.add("pread64", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(1), b.arg(2)); });
  table.add("readv", [](SyscallEffectBuilder& b) { b.iovecs(b.arg(1), b.arg(2), true); });
  table.add("preadv", [](SyscallEffectBuilder& b) { b.iovecs(b.arg(1), b.arg(2), true); });
  table.add("preadv2", [](SyscallEffectBuilder& b) { b.iovecs(b.arg(1), b.arg(2), true); });
  table.add("stat", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kStatSize); });
  table.add("fstat", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kStatSize); });
  table.add("lstat", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kStatSize); });
  table.add("newfstatat", [](SyscallEffectBuilder& b) { b.write(b.arg(2), kStatSize); });
  table.add("statx", [](SyscallEffectBuilder& b) { b.write(b.arg(4), kStatxSize); });
  table.add("statfs", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kStatfsSize); });
  table.add("fstatfs", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kStatfsSize); });
  table.add("getdents", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(1), b.arg(2)); });
  table.add("getdents64", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(1), b.arg(2)); });
  table.add("readlink", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(1), b.arg(2)); });
  table.add("readlinkat", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(2), b.arg(3)); });
  table.add("getcwd", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(0), b.arg(1)); });
  table.add("getxattr", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(2), b.arg(3)); });
  table.add("lgetxattr", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(2), b.arg(3)); });
  table.add("fgetxattr", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(2), b.arg(3)); });
  table.add("listxattr", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(1), b.arg(2)); });
  table.add("llistxattr", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(1), b.arg(2)); });
  table.add("flistxattr", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(1), b.arg(2)); });
  table.add("ioctl", ioctlRule);
  table.add("fcntl", fcntlRule);
  // Offsets passed by pointer are advanced by the kernel.
  table.add("sendfile", [](SyscallEffectBuilder& b) { b.write(b.arg(2), 8); });
  table.add("splice", [](SyscallEffectBuilder& b) {
    b.write(b.arg(1), 8);
    b.write(b.arg(3), 8);
  });
  table.add("copy_file_range", [](SyscallEffectBuilder& b) {
    b.write(b.arg(1), 8);
    b.write(b.arg(3), 8);
  });
  // vmsplice on a pipe's read end copies pipe data into the iovecs.
  table.add("vmsplice", [](SyscallEffectBuilder& b) { b.iovecs(b.arg(1), b.arg(2), false); });
  table.add("name_to_handle_at", [](SyscallEffectBuilder& b) {
    uint32_t handleBytes = 0;
    if (b.readU32(b.arg(2), handleBytes)) b.write(b.arg(2), 8 + uint64_t{handleBytes});
    b.write(b.arg(3), 8);  // mount id (an int, or a u64 with AT_HANDLE_MNT_ID_UNIQUE)
  });
  table.add("cachestat", [](SyscallEffectBuilder& b) { b.write(b.arg(2), 40); });
  table.add("statmount", [](SyscallEffectBuilder& b) { b.write(b.arg(1), b.arg(2)); });
  table.add("listmount",
            [](SyscallEffectBuilder& b) { b.write(b.arg(1), b.after() ? b.positiveResult() * 8 : b.arg(2) * 8); });

  table.addWritesNothing({
      "write",
      "pwrite64",
      "writev",
      "pwritev",
      "pwritev2",
      "open",
      "openat",
      "openat2",
      "creat",
      "close",
      "close_range",
      "lseek",
      "dup",
      "dup2",
      "dup3",
      "access",
      "faccessat",
      "faccessat2",
      "chdir",
      "fchdir",
      "mkdir",
      "mkdirat",
      "rmdir",
      "rename",
      "renameat",
      "renameat2",
      "link",
      "linkat",
      "unlink",
      "unlinkat",
      "symlink",
      "symlinkat",
      "chmod",
      "fchmod",
      "fchmodat",
      "fchmodat2",
      "chown",
      "fchown",
      "lchown",
      "fchownat",
      "umask",
      "truncate",
      "ftruncate",
      "fallocate",
      "fsync",
      "fdatasync",
      "sync",
      "syncfs",
      "sync_file_range",
      "flock",
      "fadvise64",
      "readahead",
      "utime",
      "utimes",
      "utimensat",
      "futimesat",
      "mknod",
      "mknodat",
      "setxattr",
      "lsetxattr",
      "fsetxattr",
      "removexattr",
      "lremovexattr",
      "fremovexattr",
      "setxattrat",
      "removexattrat",
      "inotify_init",
      "inotify_init1",
      "inotify_add_watch",
      "inotify_rm_watch",
      "fanotify_init",
      "fanotify_mark",
      "eventfd",
      "eventfd2",
      "memfd_create",
      "open_by_handle_at",
      "tee",
      "chroot",
      "pivot_root",
      "mount",
      "umount2",
      "open_tree",
      "open_tree_attr",
      "move_mount",
      "fsopen",
      "fsconfig",
      "fsmount",
      "fspick",
      "mount_setattr",
      "swapon",
      "swapoff",
      "acct",
      "landlock_create_ruleset",
      "landlock_add_rule",
      "landlock_restrict_self",
      "file_setattr",
  });
}

}  // namespace rwd
