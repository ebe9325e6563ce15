// Check: the assertion the native unit tests share. CHECK(cond) reports a
// false condition with its place and counts it; a test's main returns
// non-zero when checkFailures() is not 0.
#pragma once

#include <cstdio>

inline int& checkFailures() {
  static int failures = 0;
  return failures;
}

#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++checkFailures();                                                            \
    }                                                                               \
  } while (0)
