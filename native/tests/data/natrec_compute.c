// Compute-bound program for the native recording tests and benchmark: a
// prime sieve and a hash over it, some 3x10^8 instructions with almost no
// system calls. `natrec_compute N` repeats the work N times (default 1).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { kLimit = 4000000 };
static unsigned char composite[kLimit];

__attribute__((noinline)) uint64_t sieveAndHash(uint64_t seed) {
  memset(composite, 0, sizeof composite);
  for (uint64_t i = 2; i * i < kLimit; ++i)
    if (!composite[i])
      for (uint64_t j = i * i; j < kLimit; j += i) composite[j] = 1;
  uint64_t hash = seed;
  for (uint64_t i = 2; i < kLimit; ++i) {
    if (!composite[i]) hash = (hash ^ i) * 0x100000001B3ull;
    hash += hash >> 29;
  }
  return hash;
}

int main(int argc, char** argv) {
  int rounds = argc > 1 ? atoi(argv[1]) : 1;
  uint64_t hash = 14695981039346656037ull;
  for (int round = 0; round < rounds; ++round) hash = sieveAndHash(hash);
  printf("hash %016llx\n", (unsigned long long)hash);
  return 0;
}
