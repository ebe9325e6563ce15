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

int main(int argc, char **argv) {
  struct pair p = {argc + 10, argc + 20};
  return combine(argc + 4, argc + 6, p) > 1000;
}
