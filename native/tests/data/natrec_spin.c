// Waits for a timer signal by spinning, with no system call in the loop:
// native recording cannot place the signal and must stop with a message
// instead of hanging.
#include <signal.h>
#include <stdio.h>
#include <sys/time.h>

static volatile sig_atomic_t fired;

static void onAlarm(int sig) { fired = 1; }

int main(void) {
  signal(SIGALRM, onAlarm);
  struct itimerval timer = {{0, 0}, {0, 20000}};
  setitimer(ITIMER_REAL, &timer, NULL);
  while (!fired) {
  }
  puts("fired");
  return 0;
}
