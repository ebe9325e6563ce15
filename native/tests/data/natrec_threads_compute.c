/* Native recording benchmark: two threads each run a compute loop (eight
 * instructions a pass at -O2: 2.4x10^8 instructions per round and thread,
 * no system calls) and main prints their hashes. Argument: rounds (default 1). */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>

static long rounds = 1;

static void *compute(void *argument)
{
    unsigned long hash = (unsigned long)argument;
    for (long round = 0; round < rounds; round++)
        for (long k = 0; k < 30000000; k++) hash = (hash ^ (unsigned long)k) * 1099511628211ul + (hash >> 7);
    return (void *)hash;
}

int main(int argc, char **argv)
{
    if (argc > 1) rounds = atol(argv[1]);
    pthread_t threads[2];
    void *hashes[2];
    for (long index = 0; index < 2; index++) pthread_create(&threads[index], NULL, compute, (void *)(index + 1));
    for (int index = 0; index < 2; index++) pthread_join(threads[index], &hashes[index]);
    printf("%lx %lx\n", (unsigned long)hashes[0], (unsigned long)hashes[1]);
    return 0;
}
