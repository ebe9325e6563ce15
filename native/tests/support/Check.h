// Check: the assertions every native unit test uses. CHECK(cond) reports a
// false condition with its place and counts it; checkThat(cond, what) says
// what should have held (a sentence), CHECK_MSG(cond, format, …) the same
// with a printf-style message; CHECK_EQ(actual, expected) prints
// both values; CHECK_CONTAINS(text, part) a text that lacks a part;
// REQUIRE(cond) stops the test (returns 1) when a precondition of the
// following checks fails. A test's main returns checkSummary(name): non-zero
// when any check failed.
#pragma once

#include <cstdio>
#include <iostream>
#include <source_location>
#include <sstream>
#include <string>

inline int& checkFailures() {
  static int failures = 0;
  return failures;
}

// Prints a value for a failed CHECK_EQ: with <<, else an optional's value,
// else a container's items.
template <typename T>
std::ostream& printCheckedValue(std::ostream& out, const T& value) {
  if constexpr (requires { out << value; }) {
    return out << value;
  } else if constexpr (requires {
                         value.has_value();
                         *value;
                       }) {
    if (!value.has_value()) return out << "(none)";
    return printCheckedValue(out, *value);
  } else {
    out << "{";
    bool first = true;
    for (const auto& item : value) {
      out << (first ? "" : ", ");
      printCheckedValue(out, item);
      first = false;
    }
    return out << "}";
  }
}

template <typename A, typename B>
bool checkEqual(const A& actual, const B& expected, const char* text, const char* file, int line) {
  if (actual == expected) return true;
  std::ostringstream message;
  message << file << ":" << line << ": " << text << "\n  actual:   ";
  printCheckedValue(message, actual) << "\n  expected: ";
  printCheckedValue(message, expected) << "\n";
  std::cerr << message.str();
  ++checkFailures();
  return false;
}

inline bool checkThat(bool condition, const std::string& what,
                      const std::source_location& where = std::source_location::current()) {
  if (condition) return true;
  std::fprintf(stderr, "%s:%u: CHECK failed: %s\n", where.file_name(), where.line(), what.c_str());
  ++checkFailures();
  return false;
}

inline bool checkContains(const std::string& text, const std::string& part, const char* file, int line) {
  if (text.find(part) != std::string::npos) return true;
  std::fprintf(stderr, "%s:%d: expected \"%s\" in: %s\n", file, line, part.c_str(), text.c_str());
  ++checkFailures();
  return false;
}

// The exit status of a test's main, after a line that says how it went.
inline int checkSummary(const char* name) {
  if (checkFailures()) std::fprintf(stderr, "%s: %d check(s) failed\n", name, checkFailures());
  else std::printf("%s: all checks passed\n", name);
  return checkFailures() ? 1 : 0;
}

#define CHECK(cond)                                                                 \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++checkFailures();                                                            \
    }                                                                               \
  } while (0)
// CHECK with a printf-style message: CHECK_MSG(n == 3, "%d rows", n).
#define CHECK_MSG(cond, ...)                                                        \
  do {                                                                              \
    if (!(cond)) {                                                                  \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s: ", __FILE__, __LINE__, #cond); \
      std::fprintf(stderr, __VA_ARGS__);                                            \
      std::fprintf(stderr, "\n");                                                   \
      ++checkFailures();                                                            \
    }                                                                               \
  } while (0)
#define CHECK_EQ(actual, expected) checkEqual((actual), (expected), #actual " == " #expected, __FILE__, __LINE__)
#define CHECK_CONTAINS(text, part) checkContains(std::string(text), std::string(part), __FILE__, __LINE__)
#define REQUIRE(cond)                                                                 \
  do {                                                                                \
    if (!(cond)) {                                                                    \
      std::fprintf(stderr, "%s:%d: REQUIRE failed: %s\n", __FILE__, __LINE__, #cond); \
      return 1;                                                                       \
    }                                                                                 \
  } while (0)
