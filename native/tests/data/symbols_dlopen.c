// Fixture of the module tests: a library comes and goes with dlopen and
// dlclose while the program runs.
#include <dlfcn.h>
#include <stdio.h>

int main(void) {
  void *library = dlopen("libm.so.6", RTLD_NOW);  // #before_open
  int loaded = library != NULL;  // #after_open
  if (library) dlclose(library);
  printf("%d\n", loaded);  // #after_close
  return 0;
}
