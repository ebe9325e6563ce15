// Fixture of the variables tests built with -O2: values live in registers,
// in location lists and in pieces, and some are optimized out.
#include <stdio.h>

struct pair {
  int first;
  int second;
};

__attribute__((noinline)) static int combine(int value, int factor, struct pair extra) {
  int product = value * factor;
  int sum = product + extra.first;
  printf("%d\n", sum);  // #opt_print
  return sum + extra.second + value;
}

__attribute__((noinline)) static struct pair make_pair(int seed) {
  struct pair made = {seed * 3, seed * 5};
  return made;
}

__attribute__((noinline)) static void pause_here(int seed) {
  __asm__ volatile("" : : "r"(seed) : "memory");  // #pause
}

int main(int argc, char **argv) {
  struct pair p = {argc + 10, argc + 20};
  struct pair kept = make_pair(argc + 1);
  int counted = argc * 7;
  pause_here(kept.first);
  return combine(argc + 4, argc + 6, p) + kept.first + kept.second + counted > 1000;
}
