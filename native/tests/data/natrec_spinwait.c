/* Native recording of threads: spin-waits on atomics with no system call
 * in the loop. The worker spins until main sets `go` (main first sleeps, so
 * the worker starts spinning); main then spins until the worker's result is
 * ready. Each spin can end only when the other thread runs, so the recorder
 * must interrupt the spinning thread. Exits 0 when the result is right. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <unistd.h>

static atomic_int go;
static atomic_int done;
static unsigned long result;

static unsigned long mix(unsigned long seed, long rounds)
{
    for (long round = 0; round < rounds; round++) seed = seed * 6364136223846793005ul + 1442695040888963407ul;
    return seed;
}

static void *work(void *unused)
{
    (void)unused;
    while (!atomic_load_explicit(&go, memory_order_acquire)) {
    }
    result = mix(7, 1000000);
    atomic_store_explicit(&done, 1, memory_order_release);
    return NULL;
}

int main(void)
{
    pthread_t worker;
    pthread_create(&worker, NULL, work, NULL);
    usleep(2000);
    atomic_store_explicit(&go, 1, memory_order_release);
    while (!atomic_load_explicit(&done, memory_order_acquire)) {
    }
    pthread_join(worker, NULL);
    const unsigned long expected = mix(7, 1000000);
    printf("result %lx\n", result);
    return result == expected ? 0 : 1;
}
