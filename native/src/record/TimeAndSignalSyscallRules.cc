// TimeAndSignalSyscallRules: clocks, timers, sleeping, signals, and the
// waiting calls (poll, select, epoll, futex) — what each writes into the
// caller's memory.
#include <string>

#include "record/SyscallRuleTable.h"

namespace rwd {

namespace {

constexpr uint64_t kTimespec = 16;
constexpr uint64_t kItimer = 32;  // struct itimerspec / itimerval
constexpr uint64_t kSiginfo = 128;
constexpr uint64_t kEpollEvent = 12;

void fdSets(SyscallEffectBuilder& b, uint64_t count, int first) {
  const uint64_t bytes = (count + 63) / 64 * 8;
  for (int i = first; i < first + 3; ++i) b.write(b.arg(i), bytes);
}

void futexRule(SyscallEffectBuilder& b) {
  switch (b.arg(1) & 0x7F) {  // without FUTEX_PRIVATE_FLAG and FUTEX_CLOCK_REALTIME
    case 0:
    case 1:
    case 2:
    case 3:
    case 4:
    case 9:
    case 10:  // WAIT, WAKE, FD, (CMP_)REQUEUE, *_BITSET
      return;
    case 5:  // FUTEX_WAKE_OP: an atomic operation on *uaddr2
      b.write(b.arg(4), 4);
      return;
    case 6:
    case 7:
    case 8:
    case 13:  // LOCK_PI, UNLOCK_PI, TRYLOCK_PI, LOCK_PI2: the owner word
      b.write(b.arg(0), 4);
      return;
    case 11:
    case 12:  // WAIT_REQUEUE_PI, CMP_REQUEUE_PI: the PI futex at uaddr2 changes owner
      b.write(b.arg(0), 4);
      b.write(b.arg(4), 4);
      return;
  }
  b.unknown("futex operation " + std::to_string(b.arg(1) & 0x7F));
}

}  // namespace

void addTimeAndSignalSyscallRules(SyscallRuleTable& table) {
  table.add("clock_gettime", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kTimespec); });
  table.add("clock_getres", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kTimespec); });
  table.add("gettimeofday", [](SyscallEffectBuilder& b) {
    b.write(b.arg(0), 16);
    b.write(b.arg(1), 8);
  });
  table.add("time", [](SyscallEffectBuilder& b) { b.write(b.arg(0), 8); });
  table.add("times", [](SyscallEffectBuilder& b) { b.write(b.arg(0), 32); });  // struct tms
  table.add(
      "nanosleep", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kTimespec); }, true);
  table.add(
      "clock_nanosleep",
      [](SyscallEffectBuilder& b) {
        if (!(b.arg(1) & 1)) b.write(b.arg(3), kTimespec);  // no remainder with TIMER_ABSTIME
      },
      true);
  table.add("getitimer", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kItimer); });
  table.add("setitimer", [](SyscallEffectBuilder& b) { b.write(b.arg(2), kItimer); });
  table.add("timer_create", [](SyscallEffectBuilder& b) { b.write(b.arg(2), 4); });
  table.add("timer_settime", [](SyscallEffectBuilder& b) { b.write(b.arg(3), kItimer); });
  table.add("timer_gettime", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kItimer); });
  table.add("timerfd_settime", [](SyscallEffectBuilder& b) { b.write(b.arg(3), kItimer); });
  table.add("timerfd_gettime", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kItimer); });
  table.add("adjtimex", [](SyscallEffectBuilder& b) { b.write(b.arg(0), 208); });  // struct timex
  table.add("clock_adjtime", [](SyscallEffectBuilder& b) { b.write(b.arg(1), 208); });

  // The kernel's struct sigaction: handler, flags, restorer, then the mask.
  table.add("rt_sigaction", [](SyscallEffectBuilder& b) { b.write(b.arg(2), 24 + b.arg(3)); });
  table.add("rt_sigprocmask", [](SyscallEffectBuilder& b) { b.write(b.arg(2), b.arg(3)); });
  table.add("rt_sigpending", [](SyscallEffectBuilder& b) { b.write(b.arg(0), b.arg(1)); });
  table.add("rt_sigtimedwait", [](SyscallEffectBuilder& b) { b.write(b.arg(1), kSiginfo); });
  table.add("sigaltstack", [](SyscallEffectBuilder& b) { b.write(b.arg(1), 24); });  // stack_t

  table.add(
      "poll", [](SyscallEffectBuilder& b) { b.write(b.arg(0), b.arg(1) * 8); }, true);
  table.add(
      "ppoll",
      [](SyscallEffectBuilder& b) {
        b.write(b.arg(0), b.arg(1) * 8);
        b.write(b.arg(2), kTimespec);  // the remaining time is written back
      },
      true);
  table.add(
      "select",
      [](SyscallEffectBuilder& b) {
        fdSets(b, b.arg(0), 1);
        b.write(b.arg(4), 16);
      },
      true);
  table.add(
      "pselect6",
      [](SyscallEffectBuilder& b) {
        fdSets(b, b.arg(0), 1);
        b.write(b.arg(4), kTimespec);
      },
      true);
  table.add("epoll_wait", [](SyscallEffectBuilder& b) {
    b.write(b.arg(1), (b.after() ? b.positiveResult() : b.arg(2)) * kEpollEvent);
  });
  table.add("epoll_pwait", [](SyscallEffectBuilder& b) {
    b.write(b.arg(1), (b.after() ? b.positiveResult() : b.arg(2)) * kEpollEvent);
  });
  table.add("epoll_pwait2", [](SyscallEffectBuilder& b) {
    b.write(b.arg(1), (b.after() ? b.positiveResult() : b.arg(2)) * kEpollEvent);
  });
  table.add("futex", futexRule, true);

  table.addWritesNothing({
      "alarm",         "pause",        "rt_sigsuspend",   "rt_sigreturn",      "kill",
      "tkill",         "tgkill",       "rt_sigqueueinfo", "rt_tgsigqueueinfo", "pidfd_send_signal",
      "signalfd",      "signalfd4",    "timerfd_create",  "timer_getoverrun",  "timer_delete",
      "clock_settime", "settimeofday", "epoll_create",    "epoll_create1",     "epoll_ctl",
      "futex_waitv",   "futex_wake",   "futex_wait",      "futex_requeue",
  });
}

}  // namespace rwd
