// Creates a thread: native recording must stop at the clone with a message.
#include <pthread.h>
#include <stdio.h>

static void* run(void* argument) { return argument; }

int main(void) {
  pthread_t thread;
  pthread_create(&thread, NULL, run, NULL);
  pthread_join(thread, NULL);
  puts("joined");
  return 0;
}
