// ProcessSyscallRules: processes, threads, identity, limits, scheduling and
// per-process kernel settings — what each writes into the caller's memory.
#include <string>

#include "record/SyscallRuleTable.h"

namespace rwd {

namespace {

constexpr uint64_t kRusage = 144;
constexpr uint64_t kSiginfo = 128;
constexpr uint64_t kCloneVm = 0x100;
constexpr uint64_t kClonePidfd = 0x1000;
constexpr uint64_t kCloneVfork = 0x4000;
constexpr uint64_t kCloneParentSettid = 0x00100000;
constexpr uint64_t kCloneChildCleartid = 0x00200000;
constexpr uint64_t kCloneChildSettid = 0x01000000;

// What clone and clone3 write in the parent's address space.
void cloneEffects(SyscallEffectBuilder& b, uint64_t flags, uint64_t pidfd, uint64_t parentTid, uint64_t childTid) {
  if (flags & kClonePidfd) b.write(pidfd, 4);
  if (flags & kCloneParentSettid) b.write(parentTid, 4);
  if (flags & (kCloneVm | kCloneVfork)) b.newTaskSharesMemory();
  if (flags & kCloneVm) {
    if (flags & kCloneChildSettid) b.write(childTid, 4);
    if (flags & kCloneChildCleartid) b.kernelMaintained(childTid, 4);  // zeroed when the child exits
  }
}

void prctlRule(SyscallEffectBuilder& b) {
  switch (b.arg(0)) {
    case 2:
    case 25:
    case 37:
      b.write(b.arg(1), 4);
      return;  // GET_PDEATHSIG, GET_TSC, GET_CHILD_SUBREAPER
    case 16:
      b.write(b.arg(1), 16);
      return;  // PR_GET_NAME
    case 40:
      b.write(b.arg(1), 8);
      return;  // PR_GET_TID_ADDRESS
    case 1:
    case 3:
    case 4:
    case 7:
    case 8:
    case 15:
    case 21:
    case 22:
    case 23:
    case 24:
    case 26:
    case 27:
    case 28:
    case 29:
    case 30:
    case 36:
    case 38:
    case 39:
    case 41:
    case 42:
    case 47:
    case 0x59616d61:
    case 0x53564d41:
      return;
  }
  b.unknown("prctl option " + std::to_string(b.arg(0)));
}

void archPrctlRule(SyscallEffectBuilder& b) {
  switch (b.arg(0)) {
    case 0x1003:
    case 0x1004:  // ARCH_GET_FS, ARCH_GET_GS
    case 0x1021:
    case 0x1022:
    case 0x1024:  // ARCH_GET_XCOMP_SUPP/PERM/GUEST_PERM
      b.write(b.arg(1), 8);
      return;
    case 0x1001:
    case 0x1002:
    case 0x1011:
    case 0x1012:
    case 0x1023:
    case 0x1025:
      return;  // ARCH_SET_GS/FS, ARCH_GET/SET_CPUID, ARCH_REQ_XCOMP_(GUEST_)PERM
  }
  b.unknown("arch_prctl code " + std::to_string(b.arg(0)));
}

void ptraceRule(SyscallEffectBuilder& b) {
  const uint64_t data = b.arg(3);
  switch (b.arg(0)) {
    case 1:
    case 2:
    case 3:
      b.write(data, 8);
      return;  // PEEKTEXT/DATA/USER store the word at *data
    case 12:
      b.write(data, 216);
      return;  // GETREGS
    case 14:
      b.write(data, 512);
      return;  // GETFPREGS
    case 0x4201:
      b.write(data, 8);
      return;  // GETEVENTMSG
    case 0x4202:
      b.write(data, kSiginfo);
      return;     // GETSIGINFO
    case 0x4204:  // GETREGSET: fills the iovec and its length
      b.write(data + 8, 8);
      b.iovecs(data, 1, false);
      return;
    case 0:
    case 4:
    case 5:
    case 6:
    case 7:
    case 8:
    case 9:
    case 13:
    case 15:
    case 16:
    case 17:
    case 24:
    case 0x4200:
    case 0x4203:
    case 0x4205:
    case 0x4206:
    case 0x4207:
    case 0x4208:
      return;  // requests that only read this process's memory or act on another one
  }
  b.unknown("ptrace request " + std::to_string(b.arg(0)));
}

}  // namespace

void addProcessSyscallRules(SyscallRuleTable& table) {
  table.add("wait4", [](SyscallEffectBuilder& b) {
    if (b.after() && b.result() == 0) return;  // WNOHANG and nothing to report
    b.write(b.arg(1), 4);
    b.write(b.arg(3), kRusage);
  });
  table.add("waitid", [](SyscallEffectBuilder& b) {
    b.write(b.arg(2), kSiginfo);
    b.write(b.arg(4), kRusage);
  });
  table.add("clone", [](SyscallEffectBuilder& b) { cloneEffects(b, b.arg(0), b.arg(2), b.arg(2), b.arg(3)); });
  table.add("clone3", [](SyscallEffectBuilder& b) {
    // struct clone_args: flags 0, pidfd 8, child_tid 16, parent_tid 24.
    uint64_t flags = 0, pidfd = 0, childTid = 0, parentTid = 0;
    if (b.arg(1) < 32 || !b.readU64(b.arg(0), flags) || !b.readU64(b.arg(0) + 8, pidfd) ||
        !b.readU64(b.arg(0) + 16, childTid) || !b.readU64(b.arg(0) + 24, parentTid))
      return;  // the kernel cannot read it either: EFAULT/EINVAL
    cloneEffects(b, flags, pidfd, parentTid, childTid);
  });
  table.add("vfork", [](SyscallEffectBuilder& b) { b.newTaskSharesMemory(); });
  table.add("execve", [](SyscallEffectBuilder& b) { b.mapChange(MemoryMapChange{MemoryMapChange::Kind::Replace}); });
  table.add("execveat", [](SyscallEffectBuilder& b) { b.mapChange(MemoryMapChange{MemoryMapChange::Kind::Replace}); });
  table.add("set_tid_address", [](SyscallEffectBuilder& b) { b.kernelMaintained(b.arg(0), 4); });
  table.add("get_robust_list", [](SyscallEffectBuilder& b) {
    b.write(b.arg(1), 8);
    b.write(b.arg(2), 8);
  });
  table.add("rseq", [](SyscallEffectBuilder& b) {
    if (b.arg(2) & 1) return;  // RSEQ_FLAG_UNREGISTER
    b.write(b.arg(0), b.arg(1));
    b.kernelMaintained(b.arg(0), b.arg(1));  // cpu_id and friends, on every return to the program
  });
  table.add("getrandom", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(0), b.arg(1)); });
  table.add("uname", [](SyscallEffectBuilder& b) { b.write(b.arg(0), 390); });    // struct utsname
  table.add("sysinfo", [](SyscallEffectBuilder& b) { b.write(b.arg(0), 112); });  // struct sysinfo
  table.add("getrlimit", [](SyscallEffectBuilder& b) { b.write(b.arg(1), 16); });
  table.add("prlimit64", [](SyscallEffectBuilder& b) { b.write(b.arg(3), 16); });
  table.add("getrusage", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kRusage); });
  table.add("getresuid", [](SyscallEffectBuilder& b) {
    for (int i = 0; i < 3; ++i) b.write(b.arg(i), 4);
  });
  table.add("getresgid", [](SyscallEffectBuilder& b) {
    for (int i = 0; i < 3; ++i) b.write(b.arg(i), 4);
  });
  table.add("getgroups", [](SyscallEffectBuilder& b) {
    b.write(b.arg(1), (b.after() ? b.positiveResult() : (b.arg(0) & 0xFFFFFFFFu)) * 4);
  });
  table.add("sched_getaffinity", [](SyscallEffectBuilder& b) { b.resultBuffer(b.arg(2), b.arg(1)); });
  table.add("sched_getparam", [](SyscallEffectBuilder& b) { b.write(b.arg(1), 4); });
  table.add("sched_rr_get_interval", [](SyscallEffectBuilder& b) { b.write(b.arg(1), 16); });
  table.add("sched_getattr", [](SyscallEffectBuilder& b) { b.write(b.arg(1), b.arg(2)); });
  table.add("getcpu", [](SyscallEffectBuilder& b) {
    b.write(b.arg(0), 4);
    b.write(b.arg(1), 4);
  });
  table.add(
      "capget",
      [](SyscallEffectBuilder& b) {
        b.write(b.arg(0), 8);
        b.write(b.arg(1), 24);
      },
      true);
  table.add("prctl", prctlRule);
  table.add("arch_prctl", archPrctlRule);
  table.add("ptrace", ptraceRule);
  table.add("syslog", [](SyscallEffectBuilder& b) {
    if (b.arg(0) >= 2 && b.arg(0) <= 4) b.resultBuffer(b.arg(1), b.arg(2));  // the READ actions
  });
  table.add("modify_ldt", [](SyscallEffectBuilder& b) {
    if (b.arg(0) == 0 || b.arg(0) == 2) b.resultBuffer(b.arg(1), b.arg(2));
  });
  table.add("get_thread_area", [](SyscallEffectBuilder& b) { b.write(b.arg(0), 16); });
  table.add("set_thread_area", [](SyscallEffectBuilder& b) { b.write(b.arg(0), 4); });  // entry_number
  table.add("seccomp", [](SyscallEffectBuilder& b) {
    if (b.arg(0) == 3) b.write(b.arg(2), 8);  // SECCOMP_GET_NOTIF_SIZES
  });

  table.addWritesNothing({
      "fork",
      "exit",
      "exit_group",
      "getpid",
      "getppid",
      "gettid",
      "getuid",
      "geteuid",
      "getgid",
      "getegid",
      "setuid",
      "setgid",
      "setreuid",
      "setregid",
      "setresuid",
      "setresgid",
      "setfsuid",
      "setfsgid",
      "setgroups",
      "getpgid",
      "setpgid",
      "getpgrp",
      "setsid",
      "getsid",
      "capset",
      "setrlimit",
      "getpriority",
      "setpriority",
      "sched_yield",
      "sched_setaffinity",
      "sched_setparam",
      "sched_setscheduler",
      "sched_getscheduler",
      "sched_get_priority_max",
      "sched_get_priority_min",
      "sched_setattr",
      "ioprio_set",
      "ioprio_get",
      "personality",
      "unshare",
      "setns",
      "set_robust_list",
      "pidfd_open",
      "pidfd_getfd",
      "kcmp",
      "membarrier",
      "sethostname",
      "setdomainname",
      "iopl",
      "ioperm",
      "reboot",
      "vhangup",
      "init_module",
      "finit_module",
      "delete_module",
      "kexec_load",
      "kexec_file_load",
      "add_key",
      "request_key",
      "process_madvise",
      "process_mrelease",
      "lsm_set_self_attr",
      // Not implemented by x86-64 kernels: they fail with ENOSYS and write nothing.
      "create_module",
      "get_kernel_syms",
      "query_module",
      "nfsservctl",
      "getpmsg",
      "putpmsg",
      "afs_syscall",
      "tuxcall",
      "security",
      "vserver",
      "epoll_ctl_old",
      "epoll_wait_old",
      "_sysctl",
  });
}

}  // namespace rwd
