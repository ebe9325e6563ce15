// Loop program for finding positions by counting in native replays:
// `natrec_loop N` calls `visit` N times (default 3000); each pass changes a
// global table, so every pass has its own memory state, and `report`
// writes a line every 1000 passes (system calls: events and checkpoints).
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

enum { kSlots = 64 };
static uint64_t table[kSlots];

__attribute__((noinline)) uint64_t visit(uint64_t i, uint64_t acc) {
  table[i % kSlots] += acc ^ i;
  return acc * 6364136223846793005ull + table[(i * 7) % kSlots];
}

__attribute__((noinline)) void report(uint64_t i, uint64_t acc) {
  char line[64];
  const int length = snprintf(line, sizeof line, "%llu %016llx\n", (unsigned long long)i, (unsigned long long)acc);
  if (write(1, line, (size_t)length) != length) exit(1);
}

int main(int argc, char** argv) {
  const uint64_t passes = argc > 1 ? strtoull(argv[1], NULL, 10) : 3000;
  uint64_t acc = 1;
  for (uint64_t i = 0; i < passes; ++i) {
    acc = visit(i, acc);
    if (i % 1000 == 999) report(i, acc);
  }
  return acc == 0;
}
