// Program for the system-call buffer tests of the native recorder: the
// calls the buffer covers (write+read pairs on a pipe, pwrite/pread and
// lseek on a scratch file in the directory given as argv[1], read back
// often enough to fill the buffer more than once,
// clock_gettime), one that must not be buffered as it is (a read on an
// empty non-blocking pipe: RWF_NOWAIT fails, the plain call follows), one
// too big for it (a 64 KiB write and read), and hashing of everything read
// so that every value taken from outside reaches the output. It prints a
// line that does not depend on the clock ("sum ...") and one that does.
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static uint64_t mix(uint64_t hash, const unsigned char* bytes, size_t length) {
  for (size_t i = 0; i < length; ++i) hash = (hash ^ bytes[i]) * 0x100000001B3ull;
  return hash;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  uint64_t hash = 14695981039346656037ull;
  uint64_t sum = 0;
  int pipes[2];
  if (pipe(pipes) != 0) return 3;
  for (int i = 0; i < 3000; ++i) {
    unsigned char byte = (unsigned char)(i * 7);
    if (write(pipes[1], &byte, 1) != 1 || read(pipes[0], &byte, 1) != 1) return 4;
    sum += byte;
    hash = mix(hash, &byte, 1);
    if (i % 100 == 0) {
      struct timespec now;
      if (clock_gettime(CLOCK_MONOTONIC, &now) != 0) return 5;
      hash ^= (uint64_t)now.tv_nsec;
    }
  }

  char path[4096];
  snprintf(path, sizeof path, "%s/buffered.dat", argv[1]);
  int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
  if (fd < 0) return 6;
  unsigned char block[512];
  for (int i = 0; i < 64; ++i) {
    memset(block, i, sizeof block);
    if (pwrite(fd, block, sizeof block, (off_t)i * 512) != (ssize_t)sizeof block) return 7;
  }
  // Forty rounds of reading it back: more records than the buffer holds, so it fills and is drained.
  for (int round = 0; round < 40; ++round) {
    for (int i = 63; i >= 0; --i) {
      if (pread(fd, block, sizeof block, (off_t)i * 512) != (ssize_t)sizeof block) return 8;
      sum += block[0];
      hash = mix(hash, block, sizeof block);
    }
  }
  if (lseek(fd, 1000, SEEK_SET) != 1000 || read(fd, block, 24) != 24) return 9;
  sum += block[0];
  if (lseek(fd, 0, SEEK_END) != 64 * 512) return 10;
  close(fd);

  // Would block: the non-blocking read end is empty.
  if (fcntl(pipes[0], F_SETFL, O_NONBLOCK) != 0) return 11;
  if (read(pipes[0], block, 1) != -1 || errno != EAGAIN) return 12;
  // Too big for the buffer.
  static unsigned char big[65536];
  memset(big, 0x5A, sizeof big);
  if (write(pipes[1], big, 60000) != 60000) return 13;
  if (read(pipes[0], big, sizeof big) != 60000) return 14;
  sum += big[59999];

  printf("sum %llu\n", (unsigned long long)sum);
  printf("hash %016llx\n", (unsigned long long)hash);
  return 0;
}
