// A data race to watch: two threads add to one shared counter without a lock,
// so increments get lost and the total printed is usually below 2000000.
// Set a data breakpoint (watchpoint) on `shared_counter` to see both threads
// write it, or step one thread while the other runs.
#include <pthread.h>
#include <stdio.h>

#define ADDS_PER_THREAD 1000000

static long shared_counter = 0;

static void *add_many(void *unused)
{
    (void)unused;
    for (int i = 0; i < ADDS_PER_THREAD; i++) {
        long seen = shared_counter;
        shared_counter = seen + 1;
    }
    return NULL;
}

int main(void)
{
    pthread_t first, second;
    pthread_create(&first, NULL, add_many, NULL);
    pthread_create(&second, NULL, add_many, NULL);
    pthread_join(first, NULL);
    pthread_join(second, NULL);
    printf("counter: %ld (expected %d)\n", shared_counter, 2 * ADDS_PER_THREAD);
    return 0;
}
