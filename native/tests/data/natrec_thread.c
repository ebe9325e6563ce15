// Creates a thread that only starts and ends (native recording of threads: replay_native_threads_test).
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
