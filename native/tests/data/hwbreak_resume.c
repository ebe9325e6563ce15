/* Fixture of hwbreak_execution_pass_test: a loop whose body line is where an
 * execution breakpoint of the debug registers goes, and a SIGUSR1 handler
 * that keeps the flags register of the instruction the signal interrupted
 * (its resume flag shows whether the thread was let past an execution
 * breakpoint). Built with -g -O0. */
#define _GNU_SOURCE
#include <signal.h>
#include <string.h>
#include <ucontext.h>

volatile unsigned long long interruptedFlags;
volatile int handled;
volatile int counter;

static void onSignal(int number, siginfo_t *info, void *context)
{
    (void)number;
    (void)info;
    interruptedFlags = (unsigned long long)((ucontext_t *)context)->uc_mcontext.gregs[REG_EFL];
    handled++;
}

int main(void)
{
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = onSignal;
    action.sa_flags = SA_SIGINFO;
    sigaction(SIGUSR1, &action, 0);
    for (int i = 0; i < 3; i++) {
        counter += i + 1;            // #BODY
        counter *= 1;                // #AFTER
    }
    return counter;                  // #DONE
}
