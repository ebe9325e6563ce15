/* Native recording of threads: four threads add to one counter under a
 * mutex; now and then a thread yields while it holds the lock, so the
 * others find it taken and wait in the kernel (futex) until it is released.
 * Prints the counter and each thread's share; exits 0 when the sum is right. */
#include <pthread.h>
#include <sched.h>
#include <stdio.h>

#define THREADS 4
#define ROUNDS 20000

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
static long shares[THREADS];

static void *work(void *argument)
{
    long index = (long)argument;
    for (int round = 0; round < ROUNDS; round++) {
        pthread_mutex_lock(&lock);
        counter++;
        shares[index]++;
        if (round % 500 == 0) sched_yield();
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

int main(void)
{
    pthread_t threads[THREADS];
    for (long index = 0; index < THREADS; index++) pthread_create(&threads[index], NULL, work, (void *)index);
    for (int index = 0; index < THREADS; index++) pthread_join(threads[index], NULL);
    printf("counter %ld (%ld %ld %ld %ld)\n", counter, shares[0], shares[1], shares[2], shares[3]);
    return counter == THREADS * ROUNDS ? 0 : 1;
}
