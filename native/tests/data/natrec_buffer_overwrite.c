// Program for the system-call buffer tests: a few buffered pipe calls, then
// a wild write over the buffer's fill position (its control page at a fixed
// address, see native/src/replay/SyscallBufferLayout.h), then a call that
// stops the recorder — which must stop recording with a message there.
#include <stdint.h>
#include <unistd.h>

int main(void) {
  int pipes[2];
  if (pipe(pipes) != 0) return 1;
  unsigned char byte = 7;
  for (int i = 0; i < 10; ++i)
    if (write(pipes[1], &byte, 1) != 1 || read(pipes[0], &byte, 1) != 1) return 2;
  *(volatile uint64_t*)0x6e7700001008ull = 0xFFFFFFFFull;
  return getppid() > 0 ? 0 : 3;
}
