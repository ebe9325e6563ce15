// I/O program for the native recording tests: random bytes (getrandom),
// clocks (clock_gettime, time, rdtsc), a scratch file written and read back,
// a file mapped into memory (input.dat in the directory given as argv[1]),
// and write+read pairs on a pipe, with hashing between them (some 10^8
// instructions) so that every value taken from outside reaches the output.
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include <x86intrin.h>

static uint64_t mix(uint64_t hash, const unsigned char* bytes, size_t length) {
  for (size_t i = 0; i < length; ++i) hash = (hash ^ bytes[i]) * 0x100000001B3ull;
  return hash;
}

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  char path[4096];
  uint64_t hash = 14695981039346656037ull;
  static unsigned char block[1 << 20];
  if (getrandom(block, sizeof block, 0) != sizeof block) return 3;
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  hash ^= (uint64_t)now.tv_nsec + (uint64_t)time(NULL);
  hash ^= __rdtsc();

  snprintf(path, sizeof path, "%s/scratch.dat", argv[1]);
  int fd = open(path, O_CREAT | O_TRUNC | O_RDWR, 0644);
  if (fd < 0) return 4;
  for (int i = 0; i < 8; ++i) {
    block[i] ^= (unsigned char)__rdtsc();
    if (write(fd, block, sizeof block) != (ssize_t)sizeof block) return 5;
  }
  lseek(fd, 0, SEEK_SET);
  static unsigned char back[1 << 20];
  for (int i = 0; i < 8; ++i) {
    if (read(fd, back, sizeof back) != (ssize_t)sizeof back) return 6;
    for (int pass = 0; pass < 12; ++pass) hash = mix(hash, back, sizeof back);
  }
  close(fd);

  snprintf(path, sizeof path, "%s/input.dat", argv[1]);
  int input = open(path, O_RDONLY);
  if (input < 0) return 7;
  struct stat status;
  fstat(input, &status);
  const unsigned char* mapped = mmap(NULL, (size_t)status.st_size, PROT_READ, MAP_PRIVATE, input, 0);
  if (mapped == MAP_FAILED) return 8;
  close(input);
  hash = mix(hash, mapped, (size_t)status.st_size);

  int pipes[2];
  if (pipe(pipes) != 0) return 9;
  for (int i = 0; i < 2000; ++i) {
    unsigned char byte = (unsigned char)(hash >> (i % 56));
    if (write(pipes[1], &byte, 1) != 1 || read(pipes[0], &byte, 1) != 1) return 10;
    hash = (hash ^ byte ^ __rdtsc()) * 0x100000001B3ull;
    if (i % 100 == 0) {
      clock_gettime(CLOCK_MONOTONIC, &now);
      hash ^= (uint64_t)now.tv_nsec;
    }
  }
  printf("io hash %016llx\n", (unsigned long long)hash);
  return 0;
}
