/* Native recording of threads: a producer and a consumer share a queue of
 * eight slots guarded by a mutex and two condition variables; the consumer
 * writes a line every 1000 items. Exits 0 when every item arrived in order. */
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#define ITEMS 5000
#define SLOTS 8

static int queue[SLOTS];
static int head, tail, count;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t notEmpty = PTHREAD_COND_INITIALIZER;
static pthread_cond_t notFull = PTHREAD_COND_INITIALIZER;
static long sum;
static int outOfOrder;

static void *produce(void *unused)
{
    (void)unused;
    for (int item = 0; item < ITEMS; item++) {
        pthread_mutex_lock(&lock);
        while (count == SLOTS) pthread_cond_wait(&notFull, &lock);
        queue[tail] = item;
        tail = (tail + 1) % SLOTS;
        count++;
        pthread_cond_signal(&notEmpty);
        pthread_mutex_unlock(&lock);
    }
    return NULL;
}

static void *consume(void *unused)
{
    (void)unused;
    char line[64];
    for (int expected = 0; expected < ITEMS; expected++) {
        pthread_mutex_lock(&lock);
        while (count == 0) pthread_cond_wait(&notEmpty, &lock);
        const int item = queue[head];
        head = (head + 1) % SLOTS;
        count--;
        pthread_cond_signal(&notFull);
        pthread_mutex_unlock(&lock);
        if (item != expected) outOfOrder++;
        sum += item;
        if (item % 1000 == 999) {
            const int length = snprintf(line, sizeof line, "consumed %d, sum %ld\n", item + 1, sum);
            if (write(1, line, (size_t)length) != length) outOfOrder++;
        }
    }
    return NULL;
}

int main(void)
{
    pthread_t producer, consumer;
    pthread_create(&consumer, NULL, consume, NULL);
    pthread_create(&producer, NULL, produce, NULL);
    pthread_join(producer, NULL);
    pthread_join(consumer, NULL);
    printf("sum %ld, out of order %d\n", sum, outOfOrder);
    return outOfOrder == 0 && sum == (long)ITEMS * (ITEMS - 1) / 2 ? 0 : 1;
}
