// Fixture of the unwinder tests: the program replaces itself with execv,
// so that symbols and unwinding must follow a new image in the same process.
#include <stdio.h>
#include <unistd.h>

static int after_exec(int value) {
  return value + 1;  // #after_exec
}

int main(int argc, char **argv) {
  if (argc == 1) {
    char *arguments[] = {argv[0], "again", NULL};
    execv(argv[0], arguments);  // #before_exec
    return 1;
  }
  return after_exec(argc) == 3 ? 0 : 1;
}
