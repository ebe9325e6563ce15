// Fixture of the unwinder tests: a recursion `depth` calls deep.
#include <stdlib.h>

int reached = 0;

int descend(int n) {
  if (n == 0) {
    reached++;  // #bottom
    return 0;
  }
  return descend(n - 1) + 1;  // #recurse
}

int main(int argc, char **argv) {
  int depth = argc > 1 ? atoi(argv[1]) : 1000;
  return descend(depth) == depth ? 0 : 1;  // #call
}
