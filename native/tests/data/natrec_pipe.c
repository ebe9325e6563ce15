// Pipe program for the native recording benchmark: N (default 100,000)
// one-byte write+read pairs on a pipe, the worst case for a recorder that
// stops at every system call.
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

int main(int argc, char** argv) {
  long pairs = argc > 1 ? atol(argv[1]) : 100000;
  int pipes[2];
  if (pipe(pipes) != 0) return 1;
  unsigned sum = 0;
  for (long i = 0; i < pairs; ++i) {
    unsigned char byte = (unsigned char)i;
    if (write(pipes[1], &byte, 1) != 1 || read(pipes[0], &byte, 1) != 1) return 2;
    sum += byte;
  }
  printf("pipe sum %u\n", sum);
  return 0;
}
