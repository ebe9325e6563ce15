// Signal program for the native recording tests: an interval timer whose
// SIGALRMs land during computation and during nanosleep, raise() and kill()
// of the program itself, and a division by zero whose SIGFPE handler jumps
// back with siglongjmp. The handlers change globals that reach the output.
#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

static volatile sig_atomic_t alarms, users, faults;
static volatile uint64_t shared;
static sigjmp_buf recovery;

static void onAlarm(int sig, siginfo_t* info, void* context) {
  ++alarms;
  shared = shared * 31 + (uint64_t)info->si_code;
}
static void onUser(int sig) {
  ++users;
  shared ^= (uint64_t)sig << 20;
}
static void onFault(int sig) {
  ++faults;
  siglongjmp(recovery, 1);
}

static uint64_t work(uint64_t seed, int rounds) {
  uint64_t hash = seed;
  for (int i = 0; i < rounds; ++i) hash = (hash ^ (uint64_t)i ^ shared) * 0x100000001B3ull + (hash >> 17);
  return hash;
}

int main(void) {
  struct sigaction action;
  memset(&action, 0, sizeof action);
  action.sa_sigaction = onAlarm;
  action.sa_flags = SA_SIGINFO | SA_RESTART;
  sigaction(SIGALRM, &action, NULL);
  signal(SIGUSR1, onUser);
  signal(SIGUSR2, onUser);
  signal(SIGFPE, onFault);

  struct itimerval timer = {{0, 2000}, {0, 2000}};
  setitimer(ITIMER_REAL, &timer, NULL);
  uint64_t hash = 1;
  for (int round = 0; round < 60; ++round) {
    hash = work(hash, 2000000);
    if (round % 10 == 0) raise(SIGUSR1);
    if (round % 15 == 0) kill(getpid(), SIGUSR2);
    if (round % 20 == 0) {
      struct timespec pause = {0, 3000000};
      nanosleep(&pause, NULL);
    }
    if (round % 25 == 0 && sigsetjmp(recovery, 1) == 0) {
      volatile int zero = 0;
      hash += (uint64_t)(100 / zero);
    }
    getppid();  // a system call where held-back signals are delivered
  }
  timer.it_value.tv_usec = timer.it_interval.tv_usec = 0;
  setitimer(ITIMER_REAL, &timer, NULL);
  printf("signals hash %016llx alarms %d users %d faults %d\n", (unsigned long long)hash, (int)alarms, (int)users,
         (int)faults);
  return 0;
}
